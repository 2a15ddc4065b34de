package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.RuleSpec;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Laws every built-in rule obeys (QuickTheories). */
class RuleProperties {
    /** One spec per built-in rule on the single-scale test instrument "mood" (0-40, lower is better). */
    static final List<String> SINGLE_SCALE_SPECS = List.of(
            "deterioration-or-no-change:scale=mood.total",
            "deterioration-or-no-change:scale=mood.total,reference=previous,mode=improvement,sticky=true,run=2",
            "deterioration-threshold:scale=mood.total",
            "deterioration-threshold:scale=mood.total,against=previous,threshold=2.5",
            "reliable-change:scale=mood.total",
            "reliable-change:scale=mood.total,method=gln,cutoff=c",
            "reliable-change:scale=mood.total,method=ha,mean-post=12,sd-post=7,r-pre-post=0.4",
            "expected-response:scale=mood.total,b0=2,b1=0.9,b2=0.5,b3=-0.35,sigma=3",
            "percent-change:scale=mood.total",
            "any-of:rules=(deterioration-or-no-change:scale=mood.total;reliable-change:scale=mood.total)",
            "all-of:rules=(deterioration-threshold:scale=mood.total;percent-change:scale=mood.total)",
            "persistent:k=2,rule=(deterioration-or-no-change:scale=mood.total)");

    /** Rules defined by differences only: adding a constant to every score cannot change them. */
    static final List<String> DIFFERENCE_BASED = List.of(
            "deterioration-or-no-change:scale=mood.total",
            "deterioration-or-no-change:scale=mood.total,reference=previous,mode=improvement,sticky=true,run=2",
            "deterioration-threshold:scale=mood.total",
            "deterioration-threshold:scale=mood.total,against=previous,threshold=2.5",
            "reliable-change:scale=mood.total",
            "persistent:k=2,rule=(deterioration-or-no-change:scale=mood.total)");

    /** Series of 1-20 observations with integer scores 0-40 at increasing occasions. */
    static Gen<ScoreSeries> series() {
        return Generate.intArrays(Generate.range(1, 20), Generate.range(0, 40))
                .zip(Generate.intArrays(Generate.constant(20), Generate.range(1, 3)), (scores, gaps) -> {
                    int[] occ = new int[scores.length];
                    double[] v = new double[scores.length];
                    int o = 0;
                    for (int i = 0; i < scores.length; i++) {
                        occ[i] = o;
                        o += gaps[i];
                        v[i] = scores[i];
                    }
                    return ScoreSeries.of("p", "mood.total", occ, v);
                });
    }

    @Test
    void streamingWithSaveAndRestoreAtEveryStepEqualsBatch() {
        for (String spec : SINGLE_SCALE_SPECS) {
            TrackRule rule = Fixtures.rule(spec);
            qt().withExamples(150).forAll(series()).checkAssert(s -> {
                List<TrackAssessment> batch = rule.evaluate(s);
                List<TrackAssessment> streamed = new ArrayList<>();
                TrackState state = rule.start();
                for (int i = 0; i < s.size(); i++) {
                    streamed.add(state.next(s.occasion(i), s.value(i)));
                    state = rule.restore(state.save());
                }
                assertThat(streamed).as(spec).isEqualTo(batch);
                assertThat(batch).hasSize(s.size());
            });
        }
    }

    /** Explanations are built lazily: one read after the state has moved on must equal one read at once. */
    @Test
    void explanationsReadLaterEqualExplanationsReadAtOnce() {
        for (String spec : SINGLE_SCALE_SPECS) {
            TrackRule rule = Fixtures.rule(spec);
            qt().withExamples(100).forAll(series()).checkAssert(s -> {
                List<Object> atOnce = new ArrayList<>();
                TrackState now = rule.start();
                for (int i = 0; i < s.size(); i++) {
                    TrackAssessment a = now.next(s.occasion(i), s.value(i));
                    atOnce.add(List.of(a.status(), List.copyOf(a.reasons()), new java.util.TreeMap<>(a.details())));
                }
                List<TrackAssessment> later = new ArrayList<>();
                TrackState st = rule.start();
                for (int i = 0; i < s.size(); i++) {
                    later.add(st.next(s.occasion(i), s.value(i)));
                }
                assertThat(later.stream().map(a -> (Object) List.of(a.status(), List.copyOf(a.reasons()),
                        new java.util.TreeMap<>(a.details()))).toList()).as(spec).isEqualTo(atOnce);
            });
        }
    }

    @Test
    void theStatusOnlyFastPathAgreesWithTheFullAssessments() {
        for (String spec : SINGLE_SCALE_SPECS) {
            TrackRule rule = Fixtures.rule(spec);
            qt().withExamples(150).forAll(series()).checkAssert(s -> {
                TrackState fast = rule.start();
                List<TrackStatus> statuses = new ArrayList<>();
                for (int i = 0; i < s.size(); i++) {
                    statuses.add(fast.advance(s.occasion(i), s.value(i)));
                }
                assertThat(statuses).as(spec).isEqualTo(rule.evaluate(s).stream().map(TrackAssessment::status).toList());
                assertThat(fast.save()).as(spec).containsExactly(replay(rule, s).save());
            });
        }
    }

    private static TrackState replay(TrackRule rule, ScoreSeries s) {
        TrackState st = rule.start();
        for (int i = 0; i < s.size(); i++) {
            st.next(s.occasion(i), s.value(i));
        }
        return st;
    }

    @Test
    void rulesBuiltFromReferenceCohortsStreamLikeTheirBatchForm() {
        List<ScoreSeries> reference = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(5);
        for (int p = 0; p < 60; p++) {
            double[] v = new double[10];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(0, Math.min(40, 20 - i + rnd.nextInt(9) - 4));
            }
            reference.add(ScoreSeries.consecutive("r" + p, "mood.total", v));
        }
        org.openrom.core.track.spi.RuleEnvironment env = org.openrom.core.track.spi.RuleEnvironment.builder()
                .instruments(Fixtures.INSTRUMENTS).reference("ref", reference).build();
        for (String spec : List.of("percentile-boundary:scale=mood.total,reference=ref,min-n=5",
                "expected-response:scale=mood.total,reference=ref")) {
            TrackRule rule = Fixtures.RULES.create(spec, env);
            qt().withExamples(100).forAll(series()).checkAssert(s -> {
                List<TrackAssessment> streamed = new ArrayList<>();
                TrackState state = rule.start();
                for (int i = 0; i < s.size(); i++) {
                    streamed.add(state.next(s.occasion(i), s.value(i)));
                    state = rule.restore(state.save());
                }
                assertThat(streamed).as(spec).isEqualTo(rule.evaluate(s));
            });
        }
    }

    @Test
    void theMultiScaleRuleStreamsLikeItsBatchForm() {
        TrackRule rule = Fixtures.rule("talking-therapies");
        qt().withExamples(150).forAll(series(), series()).checkAssert((phq, gad) -> {
            ScoreSeries p = ScoreSeries.of("p", "phq9.total", phq.occasions(), clamp(phq.values(), 27));
            ScoreSeries g = ScoreSeries.of("p", "gad7.total", gad.occasions(), clamp(gad.values(), 21));
            List<TrackAssessment> batch = rule.evaluate(List.of(p, g));
            List<TrackAssessment> streamed = new ArrayList<>();
            TrackState state = rule.start();
            for (int i = 0; i < p.size(); i++) {
                for (int j = 0; j < g.size(); j++) {
                    if (g.occasion(j) == p.occasion(i)) {
                        streamed.add(state.next(p.occasion(i), new double[] {p.value(i), g.value(j)}));
                        state = rule.restore(state.save());
                    }
                }
            }
            assertThat(streamed).isEqualTo(batch);
            // explanations are lazy: read late (above) or at once, they are the same
            List<Object> atOnce = new ArrayList<>();
            TrackState now = rule.start();
            for (int i = 0; i < p.size(); i++) {
                for (int j = 0; j < g.size(); j++) {
                    if (g.occasion(j) == p.occasion(i)) {
                        TrackAssessment a = now.next(p.occasion(i), new double[] {p.value(i), g.value(j)});
                        atOnce.add(List.of(a.status(), List.copyOf(a.reasons()), new java.util.TreeMap<>(a.details())));
                    }
                }
            }
            assertThat(batch.stream().map(a -> (Object) List.of(a.status(), List.copyOf(a.reasons()),
                    new java.util.TreeMap<>(a.details()))).toList()).isEqualTo(atOnce);
        });
    }

    private static double[] clamp(double[] v, double max) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(max, out[i]);
        }
        return out;
    }

    @Test
    void assessmentsAreDeterministicAndIndependentOfOtherPatients() {
        for (String spec : SINGLE_SCALE_SPECS) {
            TrackRule rule = Fixtures.rule(spec);
            qt().withExamples(100).forAll(series(), series()).checkAssert((a, b) -> {
                List<TrackAssessment> alone = rule.evaluate(a);
                TrackState sa = rule.start();
                TrackState sb = rule.start();
                List<TrackAssessment> interleaved = new ArrayList<>();
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    if (i < b.size()) {
                        sb.next(b.occasion(i), b.value(i));
                    }
                    if (i < a.size()) {
                        interleaved.add(sa.next(a.occasion(i), a.value(i)));
                    }
                }
                assertThat(interleaved).as(spec).isEqualTo(alone);
                assertThat(rule.evaluate(a)).as(spec).isEqualTo(alone);
            });
        }
    }

    @Test
    void shiftingAWholeSeriesDoesNotChangeDifferenceBasedRules() {
        for (String spec : DIFFERENCE_BASED) {
            TrackRule rule = Fixtures.rule(spec);
            qt().withExamples(150).forAll(series(), Generate.range(-30, 30)).checkAssert((s, shift) -> {
                List<TrackStatus> before = rule.evaluate(s).stream().map(TrackAssessment::status).toList();
                List<TrackStatus> after = rule.evaluate(s.shifted(shift)).stream().map(TrackAssessment::status).toList();
                assertThat(after).as(spec + " shifted by " + shift).isEqualTo(before);
            });
        }
    }

    @Test
    void worseningALaterScoreNeverTurnsADeteriorationFlagOff() {
        TrackRule rule = Fixtures.rule("deterioration-or-no-change:scale=mood.total");
        qt().withExamples(300).forAll(series(), Generate.range(0, 19), Generate.range(1, 10)).checkAssert((s, idx, by) -> {
            if (s.size() < 2) {
                return;
            }
            int i = 1 + idx % (s.size() - 1);
            double[] v = s.values();
            v[i] += by;
            ScoreSeries worse = ScoreSeries.of("p", s.scale(), s.occasions(), v);
            List<TrackAssessment> a = rule.evaluate(s);
            List<TrackAssessment> b = rule.evaluate(worse);
            for (int t = 0; t < s.size(); t++) {
                if (Boolean.TRUE.equals(a.get(t).details().get("deterioration"))) {
                    assertThat(b.get(t).details().get("deterioration")).isEqualTo(true);
                }
            }
        });
    }

    @Test
    void notIsRaisedExactlyWhereTheDefinitionFirstHoldsNeverEarlier() {
        // every version (none: the newest) and every mode (none: the version's default) against the definition
        Gen<String> versions = Generate.pick(List.of("", "@1", "@2"));
        Gen<String> modes = Generate.pick(List.of("", ",mode=absolute", ",mode=improvement"));
        Gen<int[]> detRun = Generate.range(1, 6).zip(Generate.range(1, 4), (d, r) -> new int[] {d, r});
        qt().withExamples(400).forAll(series(), detRun, Generate.booleans(), versions.zip(modes, (v, m) -> v + "|" + m))
                .checkAssert((s, dr, previous, vm) -> {
                    int det = dr[0];
                    int run = dr[1];
                    String version = vm.substring(0, vm.indexOf('|'));
                    String mode = vm.substring(vm.indexOf('|') + 1);
                    String spec = "deterioration-or-no-change" + version + ":scale=mood.total,deterioration=" + det
                            + ",run=" + run + ",reference=" + (previous ? "previous" : "baseline") + mode;
                    boolean improvement = mode.isEmpty() ? !version.equals("@1") : mode.endsWith("improvement");
                    List<TrackStatus> got = Fixtures.rule(spec).evaluate(s).stream().map(TrackAssessment::status).toList();
                    assertThat(got).as(spec).isEqualTo(oracle(s.values(), det, 2, run, previous, improvement));
                });
    }

    @Test
    void theVersionsDifferInTheDefaultModeOnlyNeverInWhatAGivenModeMeans() {
        qt().withExamples(200).forAll(series(), Generate.pick(List.of("absolute", "improvement")), Generate.booleans())
                .checkAssert((s, mode, previous) -> {
                    String params = ":scale=mood.total,mode=" + mode + ",reference=" + (previous ? "previous" : "baseline");
                    List<TrackAssessment> v1 = Fixtures.rule("deterioration-or-no-change@1" + params).evaluate(s);
                    List<TrackAssessment> v2 = Fixtures.rule("deterioration-or-no-change@2" + params).evaluate(s);
                    assertThat(v1).extracting(TrackAssessment::status).isEqualTo(v2.stream().map(TrackAssessment::status).toList());
                    for (int t = 0; t < v1.size(); t++) {
                        assertThat(v1.get(t).reasons()).isEqualTo(v2.get(t).reasons());
                    }
                    assertThat(Fixtures.rule("deterioration-or-no-change@1" + params).ref().spec())
                            .isEqualTo(Fixtures.rule("deterioration-or-no-change" + params).ref().spec());
                });
    }

    /**
     * The definition (docs/rules.md) written directly over the whole series (no streaming state); higher is worse.
     * No change at a session: |change| below the threshold (absolute), or improvement below it (improvement).
     */
    static List<TrackStatus> oracle(double[] x, double det, double noChange, int run, boolean previous,
            boolean improvement) {
        List<TrackStatus> out = new ArrayList<>();
        out.add(TrackStatus.INSUFFICIENT_DATA);
        for (int t = 1; t < x.length; t++) {
            boolean deteriorated = x[t] - x[0] >= det;
            boolean allSmall = t >= run;
            for (int i = t - run + 1; allSmall && i <= t; i++) {
                double ref = previous ? x[i - 1] : x[0];
                allSmall = improvement ? ref - x[i] < noChange : Math.abs(x[i] - ref) < noChange;
            }
            out.add(deteriorated || allSmall ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK);
        }
        return out;
    }

    @Test
    void canonicalSpecsRoundTripThroughTheRegistry() {
        for (String spec : SINGLE_SCALE_SPECS) {
            RuleRef ref = Fixtures.rule(spec).ref();
            assertThat(RuleSpec.parse(ref.spec()).toString()).isEqualTo(ref.spec());
            assertThat(Fixtures.rule(ref.spec()).ref()).isEqualTo(ref);
        }
    }

    @Test
    void ruleSpecTextRoundTripsForGeneratedSpecs() {
        qt().withExamples(300).forAll(specs(3)).checkAssert(spec -> {
            assertThat(RuleSpec.parse(spec.toString())).isEqualTo(spec);
            assertThat(RuleSpec.parse(spec.toString().replace(",", " , ").replace(":", " : "))).isEqualTo(spec);
        });
    }

    static Gen<RuleSpec> specs(int depth) {
        Gen<String> ids = Generate.pick(List.of("a", "rule-1", "x_y", "deterioration-or-no-change", "k9"));
        Gen<String> atoms = Generate.pick(List.of("3", "0.95", "odsis.total", "true", "-2", "1e3", "previous"));
        Gen<List<String>> keys = Generate.intArrays(Generate.range(0, 4), Generate.range(0, 5)).map(a -> {
            List<String> k = new ArrayList<>();
            for (int v : a) {
                String key = List.of("run", "k", "scale", "mode", "no-change", "rules").get(v);
                if (!k.contains(key)) {
                    k.add(key);
                }
            }
            return k;
        });
        Gen<RuleSpec> leaf = ids.zip(keys, atoms, (id, ks, atom) -> {
            java.util.TreeMap<String, RuleSpec.Value> m = new java.util.TreeMap<>();
            for (String k : ks) {
                m.put(k, new RuleSpec.Atom(atom));
            }
            return new RuleSpec(id, m);
        });
        if (depth == 0) {
            return leaf;
        }
        Gen<RuleSpec> nested = specs(depth - 1);
        return leaf.zip(nested, nested, (outer, c1, c2) -> {
            java.util.TreeMap<String, RuleSpec.Value> m = new java.util.TreeMap<>(outer.parameters());
            m.put("of", new RuleSpec.Specs(List.of(c1, c2)));
            return new RuleSpec(outer.id(), m);
        }).mix(leaf);
    }
}
