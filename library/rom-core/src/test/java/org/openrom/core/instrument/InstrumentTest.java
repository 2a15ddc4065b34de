package org.openrom.core.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;

class InstrumentTest {
    private final Instrument core10 = InstrumentDefinitions.fromResource(InstrumentTest.class, "core10-like.json");
    private final Instrument mixed = TestInstruments.mixed();

    private static Administration adm(String instrument, Map<String, Integer> answers) {
        Administration.Builder b = Administration.builder("p1", instrument, 0);
        answers.forEach(b::answer);
        return b.build();
    }

    @Test
    void reverseKeyedItemsScoreAsMaxPlusMinMinusAnswer() {
        // q2 and q3 answered 4 are reverse-keyed to 0; eight other items at 2 sum to 16.
        Administration a = Administration.builder("p1", "core10-like", 0)
                .answers("q", 2, 4, 4, 2, 2, 2, 2, 2, 2, 2).build();
        Score s = core10.score(a).scores().get(0);
        assertThat(s.value()).isEqualTo(OptionalDouble.of(16));
        assertThat(s.prorated()).isFalse();
        assertThat(core10.scales().get(0).isCase(16)).isTrue();
        assertThat(core10.scales().get(0).isCase(10)).isFalse();
        assertThat(core10.item("q2").orElseThrow().scoredValue(1)).isEqualTo(3);
    }

    @Test
    void oneMissingItemIsProratedFromTheMeanOfTheOthers() {
        Administration a = Administration.builder("p1", "core10-like", 0)
                .answers("q", 2, 4, 4, 2).answer("q6", 2).answer("q7", 2).answer("q8", 2).answer("q9", 2)
                .answer("q10", 2).build();
        Score s = core10.score(a).scores().get(0);
        assertThat(s.value().getAsDouble()).isCloseTo(14.0 * 10 / 9, within(1e-12));
        assertThat(s.value().getAsDouble()).isCloseTo(15.56, within(0.005));
        assertThat(s.prorated()).isTrue();
        assertThat(s.itemsAnswered()).isEqualTo(9);
    }

    @Test
    void tooManyMissingItemsLeaveTheScaleUnscoredWithTheReason() {
        Administration a = Administration.builder("p1", "core10-like", 0).answers("q", 2, 4, 4, 2, 2, 2, 2, 2).build();
        Score s = core10.score(a).scores().get(0);
        assertThat(s.isScored()).isFalse();
        assertThat(s.missingReason()).hasValue("2 of 10 items missing; at most 10% may be missing");
        assertThat(s.itemsAnswered()).isEqualTo(8);
    }

    @Test
    void sumMeanAndFactorScalesWithDisplayAndBands() {
        var scores = mixed.score(adm("test-mixed", Map.of("a", 5, "b", 1, "c", 3)));
        assertThat(scores.get("test-mixed.sum").orElseThrow().value()).isEqualTo(OptionalDouble.of(13));
        assertThat(scores.get("test-mixed.mean").orElseThrow().value()).isEqualTo(OptionalDouble.of(5));
        assertThat(scores.get("test-mixed.scaled").orElseThrow().value()).isEqualTo(OptionalDouble.of(30));
        Scale sum = mixed.scale("sum").orElseThrow();
        assertThat(sum.min()).isEqualTo(2);
        assertThat(sum.max()).isEqualTo(13);
        assertThat(sum.displayValue(13)).isEqualTo(2);
        assertThat(sum.displayValue(sum.displayValue(9))).isEqualTo(9);
        assertThat(sum.band(13).orElseThrow().label()).isEqualTo("high");
        assertThat(sum.band(6.99).orElseThrow().label()).isEqualTo("low");
        assertThat(mixed.scale("test-mixed.mean")).isPresent();
        assertThat(mixed.scale("mean").orElseThrow().displayValue(3)).isEqualTo(3);
    }

    @Test
    void validationListsEveryViolationWithItemValueAndExpectation() {
        Administration a = Administration.builder("p1", "test-mixed", 0)
                .answer("a", 9).answer("b", 0).answer("note", 1).answer("ghost", 2).text("c", "x").build();
        assertThatThrownBy(() -> mixed.score(a)).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).extracting(Violation::path)
                    .containsExactlyInAnyOrder("answers.a", "answers.b", "answers.note", "answers.ghost", "texts.c");
            assertThat(e.violations()).filteredOn(v -> v.path().equals("answers.a")).singleElement()
                    .satisfies(v -> {
                        assertThat(v.value()).isEqualTo("9");
                        assertThat(v.expected()).isEqualTo("an integer in 1..5");
                    });
            assertThat(e.getMessage()).contains("test-mixed", "answers.a: got 9, expected an integer in 1..5");
        });
    }

    @Test
    void requiredItemsMustBeAnswered() {
        Instrument ins = Instrument.builder("req", "1").name("Required")
                .item(Item.ordinal("a", "a", 0, 1).asRequired()).item(Item.ordinal("b", "b", 0, 1))
                .scale(Scale.builder("total", "Req").items("a", "b")).build();
        assertThat(ins.validate(adm("req", Map.of("b", 1)))).singleElement()
                .satisfies(v -> assertThat(v.toString()).isEqualTo("answers.a: got missing, expected an answer (the item is required)"));
        assertThat(ins.validate(adm("req", Map.of("a", 1)))).isEmpty();
    }

    @Test
    void anAdministrationOfAnotherInstrumentIsRejected() {
        assertThat(mixed.validate(adm("odsis", Map.of()))).singleElement()
                .satisfies(v -> assertThat(v.path()).isEqualTo("instrumentId"));
    }

    @Test
    void builderReportsEveryDefinitionProblemAtOnce() {
        assertThatThrownBy(() -> Instrument.builder("Bad Id", "").name("x")
                .item(Item.ordinal("a", "a", 0, 1)).item(Item.ordinal("a", "again", 0, 1))
                .scale(Scale.builder("total", "T").items("a", "zz"))
                .build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path)
                        .containsExactlyInAnyOrder("id", "version", "items[1].id", "scales[0].items[1]"));
    }

    @Test
    void substitutionMustReferToItemsWithTheSameScale() {
        assertThatThrownBy(() -> Instrument.builder("subst", "1").name("x")
                .item(Item.ordinal("a", "a", 0, 4)).item(Item.ordinal("b", "b", 0, 5))
                .scale(Scale.builder("total", "T").items("a", "b"))
                .missingDataPolicy(MissingDataPolicy.DEFAULT.withSubstitution("b", "a")).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("missingData.substitutions.b")
                .hasMessageContaining("an item with the same response scale");
    }

    @Test
    void aScaleWhoseSumCouldOverflowIsRejectedAndOneJustInsideIsScoredExactly() {
        assertThatThrownBy(() -> Instrument.builder("wide", "1").name("x")
                .item(Item.ordinal("a", "a", 0, 600_000_000)).item(Item.ordinal("b", "b", -500_000_000, 1))
                .scale(Scale.builder("total", "T").items("a", "b")).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).containsExactly("scales[0].items"))
                .hasMessageContaining("at most 1000000000").hasMessageContaining("1100000000");
        Instrument edge = Instrument.builder("wide", "1").name("x")
                .item(Item.ordinal("a", "a", 0, 500_000_000)).item(Item.ordinal("b", "b", 0, 500_000_000).asReversed())
                .scale(Scale.builder("total", "T").items("a", "b")).build();
        double[] out = new double[1];
        edge.score(new int[] {500_000_000, 0}, out);
        assertThat(out[0]).isEqualTo(1_000_000_000d);
    }

    @Test
    void textItemsAreNeverScoredAndCannotBeReversed() {
        assertThatThrownBy(() -> Instrument.builder("t", "1").name("x").item(Item.text("n", "note"))
                .scale(Scale.builder("total", "T").items("n")).build())
                .hasMessageContaining("an ordinal item (text items are not scored)");
        assertThatThrownBy(() -> Item.text("n", "note").asReversed()).isInstanceOf(ValidationException.class);
    }

    @Test
    void administrationToStringNeverShowsAnswersOrText() {
        Administration a = Administration.builder("p1", "test-mixed", 2).answer("a", 4).text("note", "secret words")
                .comment("private comment").build();
        assertThat(a.toString()).doesNotContain("secret", "private", "=4").contains("p1", "test-mixed", "occasion=2");
    }

    @Test
    void administrationShapeIsValidated() {
        assertThatThrownBy(() -> Administration.builder(" ", "Bad", -1).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).containsExactly("patientId", "instrumentId", "occasion"));
    }
}
