package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Scale;
import org.openrom.tck.RuleContract;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.track.spi.TrackRuleProvider;

/** The rule compatibility kit catches the mistakes it is there for. */
class RuleContractSelfTest {
    /** A rule with two classic bugs, one switched on at a time. */
    static final class Buggy implements TrackRuleProvider {
        private final boolean forgetsOnSave;
        private final String id;

        Buggy(String id, boolean forgetsOnSave) {
            this.id = id;
            this.forgetsOnSave = forgetsOnSave;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public String description() {
            return "a deliberately broken rule";
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return List.of(ParameterDescriptor.scale("scale", "mood.total", "scale"));
        }

        @Override
        public TrackRule create(RuleParameters p, RuleEnvironment environment) {
            Scale scale = p.scale("scale");
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
                    return restore(new double[] {-1});
                }

                @Override
                public TrackState restore(double[] saved) {
                    return new TrackState() {
                        double baseline = saved.length == 0 ? -1 : saved[0];
                        double last;

                        @Override
                        public TrackAssessment next(int occasion, double value) {
                            if (baseline < 0) {
                                baseline = value;
                            }
                            last = value;
                            TrackStatus s = value > baseline ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK;
                            if (forgetsOnSave) {
                                return TrackAssessment.of(occasion, s, ref, new TreeMap<>(), new Finding("x", "score " + value));
                            }
                            // the bug: the sentence reads the mutable field when it is first read, not the value now
                            return TrackAssessment.lazy(occasion, s, ref, () -> new TrackAssessment.Explanation(
                                    List.of(new Finding("x", "score " + last)), new TreeMap<>()));
                        }

                        @Override
                        public double[] save() {
                            return forgetsOnSave ? new double[0] : new double[] {baseline};
                        }
                    };
                }
            };
        }
    }

    static RuleContract kit(String id, boolean forgets) {
        RuleRegistry registry = RuleRegistry.builder().add(new Buggy(id, forgets)).build();
        return new RuleContract() {
            @Override
            public RuleRegistry registry() {
                return registry;
            }

            @Override
            public RuleEnvironment environment() {
                return Fixtures.ENV;
            }

            @Override
            public String spec() {
                return id;
            }
        };
    }

    @Test
    void aStateThatForgetsOnSaveFails() {
        RuleContract k = kit("forgetful", true);
        assertThatThrownBy(k::savingAndRestoringAtEveryStepChangesNothing).isInstanceOf(AssertionError.class);
    }

    @Test
    void anExplanationThatReadsMutableStateFails() {
        RuleContract k = kit("late-reader", false);
        assertThatThrownBy(k::explanationsReadLateEqualExplanationsReadAtOnce).isInstanceOf(AssertionError.class);
    }
}
