package org.openrom.rules;

import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;

/**
 * {@code deterioration-or-no-change@1}: version 1 of {@link DeteriorationOrNoChangeRule}, whose {@code mode} defaults
 * to {@code absolute} (the literal reading of Gryesten et al. 2024: no change is |change| below {@code no-change}).
 * Kept so that every spec and snapshot made with version 1 keeps its meaning; new work uses version 2.
 */
public final class DeteriorationOrNoChangeRuleV1 extends RuleProviderBase {
    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public DeteriorationOrNoChangeRuleV1() {
        super(DeteriorationOrNoChangeRule.ID, "1", "Version 1: NOT when the score is 'deterioration' points worse than "
                + "baseline, or changes less than 'no-change' points (either way) for 'run' consecutive sessions "
                + "(Gryesten et al. 2024, literal reading).", DeteriorationOrNoChangeRule.parameters("absolute"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        return DeteriorationOrNoChangeRule.create(p);
    }
}
