package org.openrom.rules;


import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.TrackRule;

/**
 * {@code all-of} — NOT only when every nested rule is NOT; INSUFFICIENT_DATA when any nested rule cannot
 * judge and not all are NOT; otherwise ON_TRACK. Nested rules must read the same scales. Spec:
 * {@code all-of:rules=(deterioration-threshold:threshold=3;percent-change)}.
 */
public final class AllOfRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "all-of";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public AllOfRule() {
        super(ID, "1", "NOT when all of the nested rules are NOT.",
ParameterDescriptor.rules("rules", 2, 10, "the nested rules, all reading the same scales"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        return new AnyOfRule.Logic(p, ID, p.rules("rules"), true);
    }
}
