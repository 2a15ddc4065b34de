package org.openrom.rules;

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
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.track.spi.TrackRuleProvider;

/** A custom rule registered only in the test META-INF/services: NOT when the last step worsened by more than 'max'. */
public final class SlopeRuleProvider implements TrackRuleProvider {
    @Override
    public String id() {
        return "test-step";
    }

    @Override
    public String version() {
        return "0.1";
    }

    @Override
    public String description() {
        return "Test rule: NOT when one step worsens by more than max points.";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(ParameterDescriptor.scale("scale", "mood.total", "scale"),
                ParameterDescriptor.decimal("max", 4, 0, 100, "largest tolerated step"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        Scale scale = p.scale("scale");
        double max = p.decimal("max");
        RuleRef ref = p.ref();
        return new TrackRule() {
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
                return restore(new double[] {Double.NaN});
            }

            @Override
            public TrackState restore(double[] saved) {
                return new TrackState() {
                    double last = saved[0];

                    @Override
                    public TrackAssessment next(int occasion, double value) {
                        boolean first = Double.isNaN(last);
                        double step = first ? 0 : scale.direction().worsening(last, value);
                        last = value;
                        TrackStatus s = first ? TrackStatus.INSUFFICIENT_DATA
                                : step > max ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK;
                        return TrackAssessment.of(occasion, s, ref, new TreeMap<>(), new Finding("step", "step " + step));
                    }

                    @Override
                    public double[] save() {
                        return new double[] {last};
                    }
                };
            }
        };
    }
}
