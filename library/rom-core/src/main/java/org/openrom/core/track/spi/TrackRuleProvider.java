package org.openrom.core.track.spi;

import java.util.List;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.TrackRule;

/**
 * Service-provider interface for track-status rules, discovered with {@link java.util.ServiceLoader}.
 * Register in {@code META-INF/services/org.openrom.core.track.spi.TrackRuleProvider} and with
 * {@code provides … with …}. The registry validates a spec against {@link #parameters()} before it
 * calls {@link #create}, so {@code create} receives typed, complete parameters.
 */
public interface TrackRuleProvider {
    /** @return the rule id used in specs, unique across providers */
    String id();

    /**
     * @return the implementation version, numbers separated by dots ({@code 1}, {@code 2.1}), part of every
     *     {@link org.openrom.core.track.RuleRef}. A version never changes meaning: a changed default or reading is a new
     *     version, installed beside the old one, which specs reach as {@code id@version}
     */
    String version();

    /** @return one sentence: what the rule flags, and its source */
    String description();

    /** @return the accepted parameters, with types, defaults, ranges and meaning */
    List<ParameterDescriptor> parameters();

    /**
     * @param parameters validated parameters (defaults applied, scales resolved, nested rules created)
     * @param environment scales and reference cohorts
     * @return the rule; it must report {@code parameters.ref()} as its {@link TrackRule#ref()}
     * @throws org.openrom.core.RomException when the parameters do not fit the scale (e.g. no reliability)
     */
    TrackRule create(RuleParameters parameters, RuleEnvironment environment);
}
