package org.openrom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.RuleSpec;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Compatibility kit for rule authors: implement {@link #registry()}, {@link #environment()} and {@link #spec()} in a
 * test class and every law below runs against the rule. Shipped as org.openrom:rom-tck (add it in test scope, as
 * for {@link InstrumentContract}). The laws are what the {@link org.openrom.core.monitor.OutcomeMonitor} relies on:
 * <ul>
 * <li>batch evaluation is the fold of the streaming form, for every rule, one scale or several;</li>
 * <li>saving and restoring the state at any step changes nothing, with or without the host's counters;</li>
 * <li>a saved state with a number dropped, a number added or a number made non-finite is refused with a
 * {@link org.openrom.core.DataFormatException} (rules that declare their state as a
 * {@link org.openrom.core.track.spi.StateCodec} get this for free);</li>
 * <li>the canonical spec parses back to the same rule;</li>
 * <li>an assessment's reasons and details are the same whenever they are first read (a rule that builds them
 * lazily must capture its values, not its mutable state);</li>
 * <li>the status-only path ({@link TrackState#advance}) agrees with the full one.</li>
 * </ul>
 * Scores are drawn within each scale's range (0–40 for an unbounded external scale), at random occasions.
 */
public interface RuleContract {
    /** @return a registry that knows the rule (built-ins, the plugin under test) */
    RuleRegistry registry();

    /** @return the environment the spec is resolved in (its scales and reference cohorts) */
    RuleEnvironment environment();

    /** @return the spec of the rule under test */
    String spec();

    /** @return how many random series each law checks */
    default int examples() {
        return 150;
    }

    /** @return the rule under test */
    default TrackRule rule() {
        return registry().create(spec(), environment());
    }

    /** One series per scale of the rule: random occasions 0..15 (each present with probability ½), scores in range. */
    default Gen<List<ScoreSeries>> seriesOfTheRule() {
        TrackRule rule = rule();
        Gen<List<ScoreSeries>> g = Generate.constant(List.of());
        for (String scaleId : rule.scales()) {
            Scale scale = environment().scale(scaleId);
            int lo = Double.isFinite(scale.min()) ? (int) Math.ceil(scale.min()) : 0;
            int hi = Double.isFinite(scale.max()) ? (int) Math.floor(scale.max()) : 40;
            Gen<ScoreSeries> one = Generate.intArrays(Generate.constant(16), Generate.range(0, 1))
                    .zip(Generate.intArrays(Generate.constant(16), Generate.range(lo, hi)), (present, values) -> {
                        int n = 0;
                        int[] occ = new int[16];
                        double[] v = new double[16];
                        for (int o = 0; o < 16; o++) {
                            if (present[o] == 1 || o == 0) {
                                occ[n] = o;
                                v[n++] = values[o];
                            }
                        }
                        return ScoreSeries.of("p", scaleId, java.util.Arrays.copyOf(occ, n), java.util.Arrays.copyOf(v, n));
                    });
            g = g.zip(one, (list, s) -> {
                List<ScoreSeries> out = new ArrayList<>(list);
                out.add(s);
                return List.copyOf(out);
            });
        }
        return g;
    }

    /** The occasions present in every series, with one value per series: what a multi-scale rule is fed. */
    private static List<double[]> aligned(List<ScoreSeries> series) {
        List<double[]> out = new ArrayList<>();
        ScoreSeries first = series.get(0);
        for (int i = 0; i < first.size(); i++) {
            int o = first.occasion(i);
            double[] row = new double[series.size() + 1];
            row[0] = o;
            boolean all = true;
            for (int s = 0; s < series.size() && all; s++) {
                int k = indexOf(series.get(s), o);
                all = k >= 0;
                if (all) {
                    row[s + 1] = series.get(s).value(k);
                }
            }
            if (all) {
                out.add(row);
            }
        }
        return out;
    }

    private static int indexOf(ScoreSeries s, int occasion) {
        for (int i = 0; i < s.size(); i++) {
            if (s.occasion(i) == occasion) {
                return i;
            }
        }
        return -1;
    }

    private static TrackAssessment step(TrackState state, double[] row) {
        return row.length == 2 ? state.next((int) row[0], row[1])
                : state.next((int) row[0], java.util.Arrays.copyOfRange(row, 1, row.length));
    }

    @Test
    default void batchEvaluationIsTheFoldOfTheStreamingForm() {
        TrackRule rule = rule();
        qt().withExamples(examples()).forAll(seriesOfTheRule()).checkAssert(series -> {
            TrackState state = rule.start();
            List<TrackAssessment> streamed = new ArrayList<>();
            for (double[] row : aligned(series)) {
                streamed.add(step(state, row));
            }
            assertThat(rule.evaluate(series)).isEqualTo(streamed);
        });
    }

    @Test
    default void savingAndRestoringAtEveryStepChangesNothing() {
        TrackRule rule = rule();
        qt().withExamples(examples()).forAll(seriesOfTheRule()).checkAssert(series -> {
            List<TrackAssessment> expected = rule.evaluate(series);
            TrackState plain = rule.start();
            TrackState counted = rule.start();
            List<TrackAssessment> a = new ArrayList<>();
            List<TrackAssessment> b = new ArrayList<>();
            int n = 0;
            for (double[] row : aligned(series)) {
                plain = rule.restore(plain.save());
                counted = rule.restore(counted.save(), n == 0 ? new TrackRule.Consumed(0, -1)
                        : new TrackRule.Consumed(n, (int) aligned(series).get(n - 1)[0]));
                a.add(step(plain, row));
                b.add(step(counted, row));
                n++;
                assertThat(rule.restore(plain.save()).save()).isEqualTo(plain.save());
            }
            assertThat(a).isEqualTo(expected);
            assertThat(b).isEqualTo(expected);
        });
    }

    @Test
    default void aDamagedSavedStateIsRefused() {
        TrackRule rule = rule();
        qt().withExamples(examples()).forAll(seriesOfTheRule()).checkAssert(series -> {
            TrackState state = rule.start();
            for (double[] row : aligned(series)) {
                step(state, row);
                double[] saved = state.save();
                double[] shorter = java.util.Arrays.copyOf(saved, saved.length - 1);
                double[] longer = java.util.Arrays.copyOf(saved, saved.length + 1);
                assertThatThrownBy(() -> rule.restore(shorter)).as("one number fewer").isInstanceOf(DataFormatException.class);
                assertThatThrownBy(() -> rule.restore(longer)).as("one number more").isInstanceOf(DataFormatException.class);
                for (int i = 0; i < saved.length; i++) {
                    double[] broken = saved.clone();
                    broken[i] = Double.NaN;
                    int at = i;
                    assertThatThrownBy(() -> rule.restore(broken)).as("NaN at " + at)
                            .isInstanceOf(DataFormatException.class);
                }
            }
        });
    }

    @Test
    default void theCanonicalSpecParsesBackToTheSameRule() {
        TrackRule rule = rule();
        String canonical = rule.ref().spec();
        assertThat(RuleSpec.parse(canonical).toString()).isEqualTo(canonical);
        TrackRule again = registry().create(canonical, environment());
        assertThat(again.ref()).isEqualTo(rule.ref());
        assertThat(again.scales()).isEqualTo(rule.scales());
        assertThat(registry().create(RuleSpec.parse(spec()).toString(), environment()).ref()).isEqualTo(rule.ref());
    }

    @Test
    default void explanationsReadLateEqualExplanationsReadAtOnce() {
        TrackRule rule = rule();
        qt().withExamples(examples()).forAll(seriesOfTheRule()).checkAssert(series -> {
            TrackState early = rule.start();
            TrackState late = rule.start();
            List<String> atOnce = new ArrayList<>();
            List<TrackAssessment> kept = new ArrayList<>();
            for (double[] row : aligned(series)) {
                TrackAssessment x = step(early, row);
                atOnce.add(x.reasons() + " " + x.details());
                kept.add(step(late, row));
            }
            List<String> later = new ArrayList<>();
            for (TrackAssessment x : kept) {
                later.add(x.reasons() + " " + x.details());
            }
            assertThat(later).isEqualTo(atOnce);
        });
    }

    @Test
    default void theStatusOnlyPathAgreesWithTheFullPath() {
        TrackRule rule = rule();
        if (rule.scales().size() != 1) {
            return; // advance(occasion, value) is the single-scale fast path
        }
        qt().withExamples(examples()).forAll(seriesOfTheRule()).checkAssert(series -> {
            TrackState fast = rule.start();
            List<TrackStatus> statuses = new ArrayList<>();
            for (double[] row : aligned(series)) {
                statuses.add(fast.advance((int) row[0], row[1]));
            }
            assertThat(statuses).isEqualTo(rule.evaluate(series).stream().map(TrackAssessment::status).toList());
            assertThat(fast.save()).isEqualTo(lastState(rule, series).save());
        });
    }

    private static TrackState lastState(TrackRule rule, List<ScoreSeries> series) {
        TrackState s = rule.start();
        for (double[] row : aligned(series)) {
            step(s, row);
        }
        return s;
    }
}
