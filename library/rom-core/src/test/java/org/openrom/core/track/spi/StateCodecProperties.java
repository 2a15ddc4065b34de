package org.openrom.core.track.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Scale;
import org.openrom.core.instrument.TestInstruments;
import org.openrom.core.track.TrackRule.Consumed;

/** The laws of a declared state: what is saved is restored, and nothing impossible is restored. */
class StateCodecProperties {
    /** A state like a rule's: a count, a baseline while counted, a ranged integer and the baseline's occasion. */
    static final class S {
        int count;
        double baseline;
        int band;
        int at = -1;
    }

    static final Scale SUM = TestInstruments.mixed().scale("sum").orElseThrow();

    static final StateCodec<S> CODEC = StateCodec.<S>builder("test-rule")
            .count(s -> s.count, (s, v) -> s.count = v)
            .score("baseline", SUM, s -> s.count > 0, s -> s.baseline, (s, v) -> s.baseline = v)
            .integer("band", 0, 3, s -> s.band, (s, v) -> s.band = v)
            .occasion("at", s -> s.count > 0, -1, s -> s.at, (s, v) -> s.at = v)
            .invariant((s, c) -> s.count == 0 && s.band != 0 ? Optional.of("a band before any score") : Optional.empty())
            .build();

    /** A possible state after {@code n} observations whose last was at {@code last}. */
    static S possible(int n, double baseline, int band, int at) {
        S s = new S();
        s.count = n;
        if (n > 0) {
            s.baseline = baseline;
            s.band = band;
            s.at = at;
        }
        return s;
    }

    @Test
    void aSavedPossibleStateIsRestoredFieldForField() {
        qt().forAll(integers().between(0, 50), doubles().between(SUM.min(), SUM.max()), integers().between(0, 3),
                integers().between(0, 60)).checkAssert((n, base, band, last) -> {
                    S s = possible(n, base, band, last);
                    Consumed consumed = n == 0 ? new Consumed(0, -1) : new Consumed(n, last);
                    double[] saved = CODEC.save(s);
                    assertThat(saved).hasSize(CODEC.size());
                    S back = CODEC.restore(saved, consumed, new S());
                    assertThat(back).usingRecursiveComparison().isEqualTo(s);
                    assertThat(CODEC.save(CODEC.restore(saved, Consumed.unknown(), new S()))).isEqualTo(saved);
                });
    }

    @Test
    void everySingleNumberChangedToANonFiniteOrFractionalValueIsRefused() {
        qt().forAll(integers().between(1, 50), integers().between(0, 3), integers().between(0, 3))
                .checkAssert((n, band, field) -> {
                    double[] saved = CODEC.save(possible(n, SUM.min(), band, 0));
                    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                        double[] broken = saved.clone();
                        broken[field] = bad;
                        assertThatThrownBy(() -> CODEC.restore(broken, Consumed.unknown(), new S()))
                                .isInstanceOf(DataFormatException.class).hasMessageContaining("test-rule");
                    }
                    if (field != 1) {
                        double[] fractional = saved.clone();
                        fractional[field] += 0.5;
                        assertThatThrownBy(() -> CODEC.restore(fractional, Consumed.unknown(), new S()))
                                .isInstanceOf(DataFormatException.class)
                                .hasMessageContaining(CODEC.fieldNames().get(field));
                    }
                });
    }

    @Test
    void aStateThatContradictsItsHostOrItsScaleIsRefused() {
        qt().forAll(integers().between(1, 50), integers().between(0, 40)).checkAssert((n, last) -> {
            double[] saved = CODEC.save(possible(n, SUM.max(), 1, last));
            // the host saw a different number of observations
            assertThatThrownBy(() -> CODEC.restore(saved, new Consumed(n + 1, last), new S()))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining("impossible state");
            // the baseline occasion lies after the last one the host saw
            if (last > 0) {
                assertThatThrownBy(() -> CODEC.restore(saved, new Consumed(n, last - 1), new S()))
                        .isInstanceOf(DataFormatException.class).hasMessageContaining("at " + last);
            }
            // a score off the scale
            double[] off = saved.clone();
            off[1] = SUM.max() + 1;
            assertThatThrownBy(() -> CODEC.restore(off, new Consumed(n, last), new S()))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining("baseline");
        });
    }

    @Test
    void unsetFieldsMustHoldTheirUnsetValueAndInvariantsHold() {
        S empty = possible(0, 0, 0, 0);
        double[] saved = CODEC.save(empty);
        assertThat(CODEC.restore(saved, new Consumed(0, -1), new S())).usingRecursiveComparison().isEqualTo(empty);
        double[] baselineBeforeAnyScore = saved.clone();
        baselineBeforeAnyScore[1] = 5;
        assertThatThrownBy(() -> CODEC.restore(baselineBeforeAnyScore, Consumed.unknown(), new S()))
                .hasMessageContaining("no score was observed");
        double[] bandBeforeAnyScore = saved.clone();
        bandBeforeAnyScore[2] = 2;
        assertThatThrownBy(() -> CODEC.restore(bandBeforeAnyScore, Consumed.unknown(), new S()))
                .hasMessageContaining("a band before any score");
        double[] bandOutOfRange = CODEC.save(possible(3, 5, 1, 2));
        bandOutOfRange[2] = 4;
        assertThatThrownBy(() -> CODEC.restore(bandOutOfRange, Consumed.unknown(), new S()))
                .hasMessageContaining("band 4 outside [0, 3]");
        assertThatThrownBy(() -> CODEC.restore(new double[3], Consumed.unknown(), new S()))
                .hasMessageContaining("expected 4 numbers [count, baseline, band, at], got 3");
    }

    @Test
    void aFieldDeclaredTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> StateCodec.<S>builder("r").integer("x", 0, 1, s -> s.band, (s, v) -> s.band = v)
                .integer("x", 0, 1, s -> s.band, (s, v) -> s.band = v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x declared twice");
        assertThat(CODEC.fieldNames()).containsExactly("count", "baseline", "band", "at");
    }
}
