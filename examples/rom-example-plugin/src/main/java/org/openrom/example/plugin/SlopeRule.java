package org.openrom.example.plugin;

import java.util.List;
import java.util.TreeMap;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.StateCodec;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.track.spi.TrackRuleProvider;

/**
 * An example NOT criterion added through the SPI: {@code slope} — NOT when the least-squares slope of the
 * last {@code k} scores (per session) is worse than {@code max} points per session in the scale's bad
 * direction. Fewer than {@code k} scores: INSUFFICIENT_DATA. State: the last k values and occasions (O(k)).
 * Use it by name: {@code slope:k=4,max=0.5,scale=core10.total}.
 */
public final class SlopeRule implements TrackRuleProvider {
    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public SlopeRule() {
    }

    @Override
    public String id() {
        return "slope";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "Example plugin: NOT when the slope of the last k scores worsens faster than max points per session.";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(ParameterDescriptor.scale("scale", "odsis.total", "the scale to read"),
                ParameterDescriptor.integer("k", 4, 2, 50, "how many of the latest scores the slope is fitted to"),
                ParameterDescriptor.decimal("max", 0.5, 0, 100, "tolerated worsening in points per session"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        return new Rule(p.ref(), p.scale("scale"), p.integer("k"), p.decimal("max"));
    }

    private static final class Rule implements TrackRule {
        final RuleRef ref;
        final Scale scale;
        final int k;
        final double max;
        final StateCodec<State> codec;

        Rule(RuleRef ref, Scale scale, int k, double max) {
            this.ref = ref;
            this.scale = scale;
            this.k = k;
            this.max = max;
            // the state declared once: how many scores were seen, then the ring of the last k occasions and scores
            StateCodec.Builder<State> b = StateCodec.<State>builder("slope").count(s -> s.n, (s, v) -> s.n = v);
            for (int i = 0; i < k; i++) {
                int slot = i;
                b.occasion("occasion" + i, s -> s.n > slot, 0, s -> (int) s.occ[slot], (s, v) -> s.occ[slot] = v);
                b.score("score" + i, scale, s -> s.n > slot, s -> s.val[slot], (s, v) -> s.val[slot] = v);
            }
            this.codec = b.build();
        }

        @Override
        public RuleRef ref() {
            return ref;
        }

        @Override
        public List<String> scales() {
            return List.of(scale.qualifiedId());
        }

        @Override
        public TrackState start() {
            return new State(this, new double[k], new double[k], 0);
        }

        @Override
        public TrackState restore(double[] saved) {
            return restore(saved, Consumed.unknown());
        }

        @Override
        public TrackState restore(double[] saved, Consumed consumed) {
            return codec.restore(saved, consumed, (State) start());
        }
    }

    private static final class State implements TrackState {
        final Rule r;
        final double[] occ;
        final double[] val;
        int n;

        State(Rule r, double[] occ, double[] val, int n) {
            this.r = r;
            this.occ = occ;
            this.val = val;
            this.n = n;
        }

        @Override
        public TrackAssessment next(int occasion, double value) {
            occ[n % r.k] = occasion;
            val[n % r.k] = value;
            n++;
            if (n < r.k) {
                return TrackAssessment.of(occasion, TrackStatus.INSUFFICIENT_DATA, r.ref, new TreeMap<>(),
                        new Finding("too-few", "The slope needs " + r.k + " scores; " + n + " so far"));
            }
            double mx = 0;
            double my = 0;
            for (int i = 0; i < r.k; i++) {
                mx += occ[i];
                my += val[i];
            }
            mx /= r.k;
            my /= r.k;
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < r.k; i++) {
                sxy += (occ[i] - mx) * (val[i] - my);
                sxx += (occ[i] - mx) * (occ[i] - mx);
            }
            double slope = sxy / sxx;
            double worsening = r.scale.direction().worsening(0, slope);
            TreeMap<String, Object> d = new TreeMap<>();
            d.put("slope", slope);
            boolean not = worsening > r.max;
            String s = String.format(java.util.Locale.ROOT, "%s changed %.2f points per session over the last %d sessions",
                    r.scale.label(), slope, r.k);
            return TrackAssessment.of(occasion, not ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK, r.ref, d,
                    new Finding(not ? "worsening-slope" : "on-track", s));
        }

        @Override
        public double[] save() {
            return r.codec.save(this);
        }
    }
}
