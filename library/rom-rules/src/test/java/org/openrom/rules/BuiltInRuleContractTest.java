package org.openrom.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.openrom.tck.RuleContract;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.ScoreSeries;

/** Every built-in rule passes the rule compatibility kit (rom-tck), as a plugin's rule must. */
class BuiltInRuleContractTest {
    /** A reference cohort for the rules that need one: 60 patients over 16 sessions on the test scale. */
    static final RuleEnvironment ENV;

    static {
        Random rnd = new Random(5);
        List<ScoreSeries> ref = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            double[] v = new double[16];
            double x = 10 + rnd.nextInt(25);
            for (int o = 0; o < v.length; o++) {
                v[o] = Math.max(0, Math.min(40, Math.round(x - o * rnd.nextDouble())));
            }
            ref.add(ScoreSeries.consecutive("r" + p, "mood.total", v));
        }
        ENV = RuleEnvironment.builder().instruments(Fixtures.INSTRUMENTS).reference("ref", ref).build();
    }

    /** Base of the nested cases. */
    abstract static class Case implements RuleContract {
        private final String spec;

        Case(String spec) {
            this.spec = spec;
        }

        @Override
        public String spec() {
            return spec;
        }

        @Override
        public RuleRegistry registry() {
            return Fixtures.RULES;
        }

        @Override
        public RuleEnvironment environment() {
            return ENV;
        }
    }

    @Nested
    class DeteriorationOrNoChange extends Case {
        DeteriorationOrNoChange() {
            super("deterioration-or-no-change:scale=mood.total");
        }
    }

    @Nested
    class DeteriorationOrNoChangeVariants extends Case {
        DeteriorationOrNoChangeVariants() {
            super("deterioration-or-no-change:scale=mood.total,reference=previous,mode=improvement,sticky=true,run=2");
        }
    }

    @Nested
    class DeteriorationThreshold extends Case {
        DeteriorationThreshold() {
            super("deterioration-threshold:scale=mood.total,against=either");
        }
    }

    @Nested
    class ReliableChange extends Case {
        ReliableChange() {
            super("reliable-change:scale=mood.total,method=gln,cutoff=c");
        }
    }

    @Nested
    class ExpectedResponse extends Case {
        ExpectedResponse() {
            super("expected-response:scale=mood.total,reference=ref");
        }
    }

    @Nested
    class PercentileBoundary extends Case {
        PercentileBoundary() {
            super("percentile-boundary:scale=mood.total,reference=ref,min-n=5");
        }
    }

    @Nested
    class PercentChange extends Case {
        PercentChange() {
            super("percent-change:scale=mood.total");
        }
    }

    @Nested
    class TalkingTherapies extends Case {
        TalkingTherapies() {
            super("talking-therapies");
        }
    }

    @Nested
    class AnyOf extends Case {
        AnyOf() {
            super("any-of:rules=(deterioration-or-no-change:scale=mood.total;reliable-change:scale=mood.total)");
        }
    }

    @Nested
    class AllOf extends Case {
        AllOf() {
            super("all-of:rules=(deterioration-threshold:scale=mood.total;percent-change:scale=mood.total)");
        }
    }

    @Nested
    class Persistent extends Case {
        Persistent() {
            super("persistent:k=2,rule=(deterioration-or-no-change:scale=mood.total)");
        }
    }

    @Nested
    class PersistentTalkingTherapies extends Case {
        PersistentTalkingTherapies() {
            super("persistent:k=2,rule=(talking-therapies)");
        }
    }
}
