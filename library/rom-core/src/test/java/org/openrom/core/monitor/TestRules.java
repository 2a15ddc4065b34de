package org.openrom.core.monitor;

import java.util.List;
import java.util.TreeMap;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.track.spi.TrackRuleProvider;

/**
 * Rules for rom-core's own tests, so that the monitor is tested without the built-in rules: {@code core-delta} (one
 * scale: NOT when the score is {@code d} or more above its baseline) and {@code core-pair} (two scales: NOT when the
 * sum of both is {@code d} or more above the baseline sum).
 */
public final class TestRules {
    private TestRules() {
    }

    /** @return a one-item instrument {@code id} (item {@code q}, 0..30) with one sum scale, {@code id.total} */
    public static Instrument singleItem(String id) {
        return Instrument.builder(id, "1").name(id).item(Item.ordinal("q", "score", 0, 30))
                .scale(Scale.builder("total", id.toUpperCase(java.util.Locale.ROOT)).items("q")).build();
    }

    public static TrackRuleProvider delta() {
        return provider("core-delta", false, "1", 3);
    }

    /** @return {@code core-delta} in another version, whose {@code d} defaults to {@code defaultD} */
    public static TrackRuleProvider delta(String version, double defaultD) {
        return provider("core-delta", false, version, defaultD);
    }

    public static TrackRuleProvider pair() {
        return provider("core-pair", true, "1", 3);
    }

    private static TrackRuleProvider provider(String id, boolean two, String version, double defaultD) {
        return new TrackRuleProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public String description() {
                return "a rule for rom-core's tests";
            }

            @Override
            public List<ParameterDescriptor> parameters() {
                return two ? List.of(ParameterDescriptor.scale("a", "ta.total", "first scale"),
                        ParameterDescriptor.scale("b", "tb.total", "second scale"),
                        ParameterDescriptor.decimal("d", defaultD, 0.5, 100, "worsening that makes NOT"))
                        : List.of(ParameterDescriptor.scale("scale", "ta.total", "scale"),
                                ParameterDescriptor.decimal("d", defaultD, 0.5, 100, "worsening that makes NOT"));
            }

            @Override
            public TrackRule create(RuleParameters p, RuleEnvironment environment) {
                List<Scale> scales = two ? List.of(p.scale("a"), p.scale("b")) : List.of(p.scale("scale"));
                return new Rule(p.ref(), scales, p.decimal("d"));
            }
        };
    }

    private static final class Rule implements TrackRule {
        final RuleRef ref;
        final List<String> scales;
        final double d;

        Rule(RuleRef ref, List<Scale> scales, double d) {
            this.ref = ref;
            this.scales = scales.stream().map(Scale::qualifiedId).toList();
            this.d = d;
        }

        @Override
        public RuleRef ref() {
            return ref;
        }

        @Override
        public List<String> scales() {
            return scales;
        }

        @Override
        public TrackState start() {
            return new State(this, -1, 0);
        }

        @Override
        public TrackState restore(double[] saved) {
            return restore(saved, Consumed.unknown());
        }

        @Override
        public TrackState restore(double[] saved, Consumed consumed) {
            if (saved.length != 2 || !Double.isFinite(saved[1]) || saved[0] != Math.rint(saved[0]) || saved[0] < -1) {
                throw new DataFormatException("state of " + ref.id(), 0, 0, "expected [count, baseline]", null);
            }
            int count = (int) saved[0];
            if (consumed.known() && (count < 0 ? 0 : count) != consumed.observations()) {
                throw new DataFormatException("state of " + ref.id(), 0, 0, "impossible state: " + count + " observations", null);
            }
            return new State(this, count, saved[1]);
        }
    }

    private static final class State implements TrackState {
        final Rule r;
        int count;
        double baseline;

        State(Rule r, int count, double baseline) {
            this.r = r;
            this.count = count;
            this.baseline = baseline;
        }

        @Override
        public TrackAssessment next(int occasion, double value) {
            return next(occasion, new double[] {value});
        }

        @Override
        public TrackAssessment next(int occasion, double[] values) {
            double x = 0;
            for (double v : values) {
                x += v;
            }
            count = count < 0 ? 1 : count + 1;
            if (count == 1) {
                baseline = x;
                return TrackAssessment.of(occasion, TrackStatus.INSUFFICIENT_DATA, r.ref, new TreeMap<>(),
                        new Finding("baseline", "baseline " + x));
            }
            TrackStatus s = x - baseline >= r.d ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK;
            return TrackAssessment.of(occasion, s, r.ref, new TreeMap<>(), new Finding("delta", "delta " + (x - baseline)));
        }

        @Override
        public double[] save() {
            return new double[] {count, baseline};
        }
    }
}
