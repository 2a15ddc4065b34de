package org.openrom.core.track.spi;

import org.openrom.core.track.ScoreSeries;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.openrom.core.UnknownIdException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;

/**
 * What rules may look up when they are created: scales (from instruments, or external scales such as
 * HAM-D from a trial) and named reference cohorts (for rules fitted from data, e.g. expected
 * treatment response or percentile boundaries). Immutable.
 */
public final class RuleEnvironment {
    private final Map<String, Scale> scales;
    private final Map<String, List<ScoreSeries>> references;

    private RuleEnvironment(Map<String, Scale> scales, Map<String, List<ScoreSeries>> references) {
        this.scales = Collections.unmodifiableMap(new TreeMap<>(scales));
        this.references = Collections.unmodifiableMap(new TreeMap<>(references));
    }

    /** @return an environment with every scale of the instruments */
    public static RuleEnvironment of(InstrumentRegistry instruments) {
        java.util.Objects.requireNonNull(instruments, "instruments");
        return builder().instruments(instruments).build();
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param qualifiedId e.g. {@code odsis.total} or {@code hamd}
     * @return the scale
     * @throws UnknownIdException listing the known scales
     */
    public Scale scale(String qualifiedId) {
        Objects.requireNonNull(qualifiedId, "qualifiedId");
        Scale s = scales.get(qualifiedId);
        if (s == null) {
            throw new UnknownIdException("scale", qualifiedId, scales.keySet());
        }
        return s;
    }

    /** @return every known scale by qualified id */
    public Map<String, Scale> scales() {
        return scales;
    }

    /**
     * @param name the reference cohort's name
     * @return its series (any scales; rules pick theirs)
     * @throws UnknownIdException listing the known cohorts
     */
    public List<ScoreSeries> reference(String name) {
        Objects.requireNonNull(name, "name");
        List<ScoreSeries> r = references.get(name);
        if (r == null) {
            throw new UnknownIdException("reference cohort", name, references.keySet());
        }
        return r;
    }

    /** Builder. */
    public static final class Builder {
        private final Map<String, Scale> scales = new TreeMap<>();
        private final Map<String, List<ScoreSeries>> references = new TreeMap<>();

        private Builder() {
        }

        /** @return this, with every scale of the instruments */
        public Builder instruments(InstrumentRegistry instruments) {
            scales.putAll(instruments.scales());
            return this;
        }

        /** @return this, with one more scale (e.g. {@link Scale#external}) */
        public Builder scale(Scale scale) {
            scales.put(scale.qualifiedId(), Objects.requireNonNull(scale, "scale"));
            return this;
        }

        /** @return this, with a named reference cohort */
        public Builder reference(String name, List<ScoreSeries> cohort) {
            references.put(Objects.requireNonNull(name, "name"), List.copyOf(cohort));
            return this;
        }

        /** @return the environment */
        public RuleEnvironment build() {
            return new RuleEnvironment(scales, references);
        }
    }
}
