package org.openrom.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentDefinitions;

class InstrumentDefinitionJsonTest {

    @Test
    void aBrokenDefinitionListsEveryProblemWithItsPath() {
        String json = """
                {"id": "x", "version": "1", "name": "X", "colour": "red",
                 "items": [{"id": "a", "topic": "a", "min": 0, "max": 4},
                           {"id": "b", "topic": "b", "min": 4, "max": 0},
                           {"id": "c", "topic": "c", "type": "slider", "min": 0, "max": 1}],
                 "scales": [{"id": "total", "label": "X", "items": ["a"], "direction": "up"}]}""";
        assertThatThrownBy(() -> InstrumentDefinitions.fromJson(json))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path)
                        .containsExactlyInAnyOrder("colour", "items[1].max", "items[2].type", "scales[0].direction"));
    }

    @Test
    void aScaleThatNamesAnUnknownItemIsReported() {
        String json = """
                {"id": "x", "version": "1", "name": "X",
                 "items": [{"id": "a", "topic": "a", "min": 0, "max": 4}],
                 "scales": [{"id": "total", "label": "X", "items": ["a", "b"]}]}""";
        assertThatThrownBy(() -> InstrumentDefinitions.fromJson(json))
                .hasMessageContaining("scales[0].items[1]: got 'b', expected an item of this instrument ([a])");
    }

    @Test
    void theDefaultsOfTheFormatAreDocumentedOnes() {
        Instrument i = InstrumentDefinitions.fromJson("""
                {"id": "x", "version": "1", "name": "X",
                 "items": [{"id": "a", "topic": "a", "min": 0, "max": 4}],
                 "scales": [{"id": "total", "label": "X", "items": ["a"]}]}""");
        assertThat(i.missingDataPolicy().maxMissingFraction()).isEqualTo(0.2);
        assertThat(i.scales().get(0).factor()).isEqualTo(1);
        assertThat(i.scales().get(0).display().name()).isEqualTo("AS_SCORED");
        assertThat(i.scales().get(0).direction().name()).isEqualTo("LOWER_IS_BETTER");
        assertThat(InstrumentDefinitions.fromJson(InstrumentDefinitions.toJson(i))).isEqualTo(i);
    }

    @Test
    void translationsOfNameTopicsAndLabelsRoundTripAndNameOnlyWhatTheInstrumentHas() {
        Instrument i = InstrumentDefinitions.fromJson("""
                {"id": "x", "version": "1", "name": "X",
                 "items": [{"id": "a", "topic": "topic a", "min": 0, "max": 4}],
                 "scales": [{"id": "total", "label": "X", "items": ["a"]}],
                 "translations": {"da": {"name": "X på dansk", "a": "emne a", "total.label": "X-dk"}}}""");
        assertThat(i.translations()).containsOnlyKeys("da");
        assertThat(i.translations().get("da")).containsExactly(java.util.Map.entry("a", "emne a"),
                java.util.Map.entry("name", "X på dansk"), java.util.Map.entry("total.label", "X-dk"));
        assertThat(InstrumentDefinitions.fromJson(InstrumentDefinitions.toJson(i))).isEqualTo(i);
        assertThat(InstrumentDefinitions.fromJson(InstrumentDefinitions.toJson(i).replace("emne a", "emne A")))
                .isNotEqualTo(i);
        assertThatThrownBy(() -> InstrumentDefinitions.fromJson("""
                {"id": "x", "version": "1", "name": "X",
                 "items": [{"id": "a", "topic": "topic a", "min": 0, "max": 4}],
                 "scales": [{"id": "total", "label": "X", "items": ["a"]}],
                 "translations": {"Danish!": {"b": "?", "nope.label": "?", "a": " "}}}"""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .contains("translations", "translations.Danish!", "translations.Danish!.a"));
        assertThatThrownBy(() -> InstrumentDefinitions.fromJson("""
                {"id": "x", "version": "1", "name": "X",
                 "items": [{"id": "a", "topic": "topic a", "min": 0, "max": 4}],
                 "scales": [{"id": "total", "label": "X", "items": ["a"]}],
                 "translations": ["da"]}""")).hasMessageContaining("translations");
    }
}
