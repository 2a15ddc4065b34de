package org.openrom.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.StateCodec;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.internal.Say;
import org.openrom.rules.internal.SingleScaleRule;
import org.openrom.rules.research.Percentiles;

/**
 * {@code percentile-boundary} — NOT when the score is worse than the {@code p}-th percentile of reference
 * patients with a similar intake at the same session (docs/rules.md). Built from a named reference cohort:
 * reference intakes (first scores) are split into {@code bands} equal-count intake bands (cut at the
 * type-7 quantiles {@code k/bands}; a band is {@code (q_{k−1}, q_k]}); for each band and session offset
 * {@code s = occasion − intake occasion}, the boundary is the type-7 {@code p}-th percentile of the
 * reference scores in the worse direction ({@code p} for lower-is-better scales, {@code 100 − p} for
 * higher-is-better). Where fewer than {@code min-n} reference scores exist, the occasion is
 * INSUFFICIENT_DATA. Memory: bands × sessions numbers.
 */
public final class PercentileBoundaryRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "percentile-boundary";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public PercentileBoundaryRule() {
        super(ID, "1", "NOT when the score is worse than the p-th percentile of reference patients with a similar intake "
                + "at the same session.",
                ParameterDescriptor.scale("scale", "odsis.total", "the scale to read"),
                ParameterDescriptor.requiredText("reference", "name of the reference cohort"),
                ParameterDescriptor.decimal("p", 90, 50, 99.9, "percentile of the failure boundary"),
                ParameterDescriptor.integer("bands", 3, 1, 20, "number of equal-count intake bands"),
                ParameterDescriptor.integer("min-n", 10, 1, 100000,
                        "fewest reference scores for a boundary; fewer gives INSUFFICIENT_DATA"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        Scale scale = p.scale("scale");
        List<ScoreSeries> ref = new ArrayList<>();
        for (ScoreSeries s : environment.reference(p.text("reference").orElseThrow())) {
            if (s.scale().equals(scale.qualifiedId()) && s.size() >= 1) {
                ref.add(s);
            }
        }
        int bands = p.integer("bands");
        if (ref.size() < bands) {
            throw new ValidationException("rule " + ID, "reference", ref.size() + " patients on " + scale.qualifiedId(),
                    "at least as many reference patients as intake bands (" + bands + ")");
        }
        double[] intakes = new double[ref.size()];
        int maxOffset = 0;
        for (int i = 0; i < ref.size(); i++) {
            intakes[i] = ref.get(i).value(0);
            ScoreSeries s = ref.get(i);
            maxOffset = Math.max(maxOffset, s.occasion(s.size() - 1) - s.occasion(0));
        }
        double[] cuts = new double[bands - 1];
        for (int k = 1; k < bands; k++) {
            cuts[k - 1] = Percentiles.of(intakes, 100.0 * k / bands);
        }
        List<List<List<Double>>> cells = new ArrayList<>();
        for (int b = 0; b < bands; b++) {
            List<List<Double>> perOffset = new ArrayList<>();
            for (int o = 0; o <= maxOffset; o++) {
                perOffset.add(new ArrayList<>());
            }
            cells.add(perOffset);
        }
        for (ScoreSeries s : ref) {
            int band = band(cuts, s.value(0));
            for (int i = 1; i < s.size(); i++) {
                cells.get(band).get(s.occasion(i) - s.occasion(0)).add(s.value(i));
            }
        }
        double pct = scale.direction() == Direction.LOWER_IS_BETTER ? p.decimal("p") : 100 - p.decimal("p");
        int minN = p.integer("min-n");
        double[][] boundary = new double[bands][maxOffset + 1];
        int[][] counts = new int[bands][maxOffset + 1];
        for (int b = 0; b < bands; b++) {
            Arrays.fill(boundary[b], Double.NaN);
            for (int o = 1; o <= maxOffset; o++) {
                List<Double> v = cells.get(b).get(o);
                counts[b][o] = v.size();
                if (v.size() >= minN) {
                    boundary[b][o] = Percentiles.of(v.stream().mapToDouble(Double::doubleValue).toArray(), pct);
                }
            }
        }
        return new Rule(p, scale, cuts, boundary, counts);
    }

    static int band(double[] cuts, double intake) {
        int b = 0;
        while (b < cuts.length && intake > cuts[b]) {
            b++;
        }
        return b;
    }

    private static final class Rule extends SingleScaleRule<State> {
        final double[] cuts;
        final double[][] boundary;
        final int[][] counts;
        final double p;
        final Direction dir;

        Rule(RuleParameters params, Scale s, double[] cuts, double[][] boundary, int[][] counts) {
            super(params, s, codec(cuts.length + 1));
            this.cuts = cuts;
            this.boundary = boundary;
            this.counts = counts;
            this.p = params.decimal("p");
            this.dir = s.direction();
        }

        private static StateCodec<State> codec(int bands) {
            return StateCodec.<State>builder(ID)
                    .started(s -> s.started, (s, v) -> s.started = v)
                    .integer("band", 0, bands - 1, s -> s.band, (s, v) -> s.band = v)
                    .occasion("baseOccasion", s -> s.started, 0, s -> s.baseOccasion, (s, v) -> s.baseOccasion = v)
                    .invariant((s, consumed) -> !s.started && s.band != 0
                            ? Optional.of("an intake band before the intake") : Optional.empty())
                    .build();
        }

        @Override
        protected State fresh() {
            return new State(this);
        }
    }

    private static final class State implements TrackState {
        final Rule r;
        boolean started;
        int band;
        int baseOccasion;

        State(Rule r) {
            this.r = r;
        }

        @Override
        public TrackAssessment next(int occasion, double x) {
            TreeMap<String, Object> d = new TreeMap<>();
            if (!started) {
                started = true;
                band = band(r.cuts, x);
                baseOccasion = occasion;
                d.put("band", (long) band);
                return new TrackAssessment(occasion, TrackStatus.INSUFFICIENT_DATA, List.of(Finding.of("baseline",
                        r.labelled(x) + " at " + Say.session(occasion) + " is the intake score; intake band " + (band + 1)
                                + " of " + (r.cuts.length + 1), java.util.Map.of("scale", r.scale.label(), "score",
                                        Say.num(x), "session", String.valueOf(occasion), "band", String.valueOf(band + 1),
                                        "bands", String.valueOf(r.cuts.length + 1)))), r.ref(), d);
            }
            int offset = occasion - baseOccasion;
            d.put("band", (long) band);
            d.put("offset", (long) offset);
            double b = offset < r.boundary[band].length ? r.boundary[band][offset] : Double.NaN;
            int n = offset < r.counts[band].length ? r.counts[band][offset] : 0;
            d.put("referenceN", (long) n);
            if (Double.isNaN(b)) {
                return new TrackAssessment(occasion, TrackStatus.INSUFFICIENT_DATA, List.of(Finding.of("no-reference",
                        "Too few reference scores (" + n + ") for intake band " + (band + 1) + " at " + offset
                                + " sessions after intake", java.util.Map.of("n", String.valueOf(n), "band",
                                        String.valueOf(band + 1), "offset", String.valueOf(offset)))), r.ref(), d);
            }
            boolean not = r.dir.isWorse(x, b);
            // the sentence is built on first access only (the monitor reads statuses)
            return TrackAssessment.lazy(occasion, not ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK, r.ref(), () -> {
                d.put("boundary", b);
                String sentence = r.labelled(x) + " at " + Say.session(occasion) + " is "
                        + (not ? "worse than" : "not worse than") + " the " + Say.num(r.p) + "th-percentile boundary "
                        + Say.num(b) + " of " + n + " reference patients with a similar intake";
                return new TrackAssessment.Explanation(List.of(Finding.of(not ? "beyond-percentile-boundary" : "on-track",
                        sentence, java.util.Map.of("scale", r.scale.label(), "score", Say.num(x), "session",
                                String.valueOf(occasion), "position", not ? "worse-than" : "not-worse-than", "percentile", Say.num(r.p),
                                "boundary", Say.num(b), "n", String.valueOf(n)))), d);
            });
        }

        @Override
        public double[] save() {
            return r.save(this);
        }
    }
}
