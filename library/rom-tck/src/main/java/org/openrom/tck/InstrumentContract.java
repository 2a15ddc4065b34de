package org.openrom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentDefinitions;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ResponseScale;
import org.openrom.core.instrument.Scale;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import org.quicktheories.generators.Generate;

/**
 * Compatibility kit for instrument authors: implement {@link #instrument()} in a test class and every
 * law below runs against your instrument. Shipped as org.openrom:rom-tck (add it in test scope).
 */
public interface InstrumentContract {

    /** @return the instrument under test */
    Instrument instrument();

    @Test
    default void everyValidAnswerSetScoresInsideTheScaleRange() {
        Instrument ins = instrument();
        qt().withExamples(300).forAll(AnswerSets.withMissing(ins)).checkAssert(answers -> {
            Scores scores = ins.score(AnswerSets.administration(ins, answers));
            assertThat(scores.scores()).hasSize(ins.scales().size());
            for (int i = 0; i < ins.scales().size(); i++) {
                Scale scale = ins.scales().get(i);
                Score s = scores.scores().get(i);
                assertThat(s.scale()).isEqualTo(scale.qualifiedId());
                s.value().ifPresent(v -> assertThat(v).isBetween(scale.min(), scale.max()));
            }
        });
    }

    @Test
    default void completeAnswerSetsAreAlwaysScoredWithoutProration() {
        Instrument ins = instrument();
        qt().withExamples(200).forAll(AnswerSets.complete(ins)).checkAssert(answers -> {
            for (Score s : ins.score(AnswerSets.administration(ins, answers)).scores()) {
                assertThat(s.isScored()).isTrue();
                assertThat(s.prorated()).isFalse();
                assertThat(s.itemsAnswered()).isEqualTo(s.itemsTotal());
            }
        });
    }

    @Test
    default void displayOrientationOfTheDisplayValueIsTheScore() {
        Instrument ins = instrument();
        qt().withExamples(200).forAll(AnswerSets.withMissing(ins)).checkAssert(answers -> {
            Scores scores = ins.score(AnswerSets.administration(ins, answers));
            for (int i = 0; i < ins.scales().size(); i++) {
                Scale scale = ins.scales().get(i);
                scores.scores().get(i).value().ifPresent(v ->
                        assertThat(scale.displayValue(scale.displayValue(v))).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-9)));
            }
        });
    }

    @Test
    default void reversingAnItemTwiceIsTheIdentity() {
        for (Item item : AnswerSets.ordinal(instrument())) {
            ResponseScale rs = item.scale();
            qt().forAll(Generate.range(rs.min(), rs.max())).check(v -> rs.reverse(rs.reverse(v)) == v
                    && rs.contains(rs.reverse(v)));
        }
    }

    @Test
    default void jsonRoundTripOfAdministrationsAndScoresIsLossless() {
        Instrument ins = instrument();
        qt().withExamples(100).forAll(AnswerSets.withMissing(ins), Generate.range(0, 30), Generate.booleans())
                .checkAssert((answers, occasion, withExtras) -> {
                    Administration.Builder b = Administration.builder("patient-" + occasion, ins.id(), occasion);
                    answers.forEach(b::answer);
                    if (withExtras) {
                        b.date(LocalDate.of(2024, 1, 1).plusDays(occasion)).groupId("g1").comment("a comment <b>&</b>");
                    }
                    Administration a = b.build();
                    assertThat(RomJson.read(RomJson.write(a), Administration.class)).isEqualTo(a);
                    Scores s = ins.score(a);
                    assertThat(RomJson.read(RomJson.write(s), Scores.class)).isEqualTo(s);
                });
    }

    @Test
    default void invalidAnswerSetsAreRejectedListingExactlyTheOffendingItems() {
        Instrument ins = instrument();
        List<Item> items = AnswerSets.ordinal(ins);
        qt().withExamples(200)
                .forAll(AnswerSets.complete(ins),
                        Generate.intArrays(Generate.constant(items.size()), Generate.range(0, 3)),
                        Generate.booleans())
                .checkAssert((answers, mask, unknownWanted) -> {
                    // at least one offence: an unknown item when no answer is corrupted
                    boolean unknown = unknownWanted || java.util.Arrays.stream(mask).noneMatch(m -> m == 0);
                    Map<String, Integer> bad = new TreeMap<>(answers);
                    Set<String> offending = new TreeSet<>();
                    for (int i = 0; i < items.size(); i++) {
                        if (mask[i] == 0) {
                            ResponseScale rs = items.get(i).scale();
                            bad.put(items.get(i).id(), i % 2 == 0 ? rs.max() + 1 + i : rs.min() - 1 - i);
                            offending.add("answers." + items.get(i).id());
                        }
                    }
                    if (unknown) {
                        bad.put("zz-not-an-item", 1);
                        offending.add("answers.zz-not-an-item");
                    }
                    Administration a = AnswerSets.administration(ins, bad);
                    assertThatThrownBy(() -> ins.score(a))
                            .isInstanceOfSatisfying(ValidationException.class, e -> {
                                Set<String> paths = e.violations().stream().map(Violation::path)
                                        .collect(Collectors.toCollection(TreeSet::new));
                                assertThat(paths).isEqualTo(offending);
                            });
                    assertThat(ins.validate(a)).hasSize(offending.size());
                });
    }

    @Test
    default void thePrimitiveScoringPathAgreesWithTheObjectPath() {
        Instrument ins = instrument();
        qt().withExamples(200).forAll(AnswerSets.withMissing(ins)).checkAssert(answers -> {
            Scores scores = ins.score(AnswerSets.administration(ins, answers));
            int[] raw = new int[ins.items().size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = answers.getOrDefault(ins.items().get(i).id(), Instrument.MISSING);
            }
            double[] out = new double[ins.scales().size()];
            ins.score(raw, out);
            for (int s = 0; s < out.length; s++) {
                Score expected = scores.scores().get(s);
                if (expected.isScored()) {
                    assertThat(out[s]).isEqualTo(expected.value().getAsDouble());
                } else {
                    assertThat(out[s]).isNaN();
                }
            }
        });
    }

    @Test
    default void thePrimitivePathRejectsEveryAnswerOutsideItsRange() {
        Instrument ins = instrument();
        List<Item> items = ins.items();
        int[] extremes = {Integer.MAX_VALUE, Integer.MIN_VALUE + 1, -1, -1000, 1000, Integer.MIN_VALUE + 7};
        qt().withExamples(200).forAll(AnswerSets.complete(ins), Generate.range(0, 1000), Generate.range(0, extremes.length + 1))
                .checkAssert((answers, pick, kind) -> {
                    int[] raw = new int[items.size()];
                    for (int i = 0; i < raw.length; i++) {
                        raw[i] = answers.getOrDefault(items.get(i).id(), Instrument.MISSING);
                    }
                    List<Integer> ordinal = new java.util.ArrayList<>();
                    for (int i = 0; i < raw.length; i++) {
                        if (items.get(i).type() == org.openrom.core.instrument.ItemType.ORDINAL) {
                            ordinal.add(i);
                        }
                    }
                    int i = ordinal.get(pick % ordinal.size());
                    ResponseScale rs = items.get(i).scale();
                    raw[i] = kind < extremes.length ? extremes[kind] : (kind == extremes.length ? rs.max() + 1 : rs.min() - 1);
                    if (rs.contains(raw[i])) {
                        return;
                    }
                    int[] bad = raw;
                    assertThatThrownBy(() -> ins.score(bad, new double[ins.scales().size()]))
                            .isInstanceOf(ValidationException.class).hasMessageContaining(items.get(i).id());
                });
    }

    @Test
    default void definitionRoundTripsThroughTheDeclarativeFormat() {
        Instrument ins = instrument();
        assertThat(InstrumentDefinitions.fromJson(InstrumentDefinitions.toJson(ins))).isEqualTo(ins);
        assertThat(RomJson.read(RomJson.write(ins), Instrument.class)).isEqualTo(ins);
    }

    @Test
    default void everyScaleHasALabelAndAFiniteRange() {
        for (Scale s : instrument().scales()) {
            assertThat(s.label()).isNotBlank();
            assertThat(s.max()).isGreaterThan(s.min());
            assertThat(Double.isFinite(s.min()) && Double.isFinite(s.max())).isTrue();
        }
    }
}
