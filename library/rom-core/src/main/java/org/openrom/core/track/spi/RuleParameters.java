package org.openrom.core.track.spi;

import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackRule;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.openrom.core.instrument.Scale;

/**
 * Validated, typed parameters handed to {@link org.openrom.core.track.spi.TrackRuleProvider#create}:
 * defaults applied, scales resolved, nested rules created, and the canonical {@link #ref()} computed.
 */
public final class RuleParameters {
    private final RuleRef ref;
    private final Map<String, Object> values;

    private RuleParameters(RuleRef ref, Map<String, Object> values) {
        this.ref = ref;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Parameters holding these values. The registry makes them from a spec it has validated against the
     * provider's descriptors; a provider's own tests may make them directly. Values are typed as the accessors
     * read them: {@code Long} (integer), {@code Double} (decimal), {@code Boolean}, {@code String} (text, choice),
     * {@link Scale} (scale), {@code TrackRule} or a {@code List} of them (nested rules); absent optional values
     * are left out.
     *
     * @param ref the canonical reference the rule will report
     * @param values parameter name → value
     * @return the parameters
     */
    public static RuleParameters of(RuleRef ref, Map<String, Object> values) {
        java.util.Objects.requireNonNull(ref, "ref");
        java.util.Objects.requireNonNull(values, "values");
        values.forEach((k, v) -> {
            java.util.Objects.requireNonNull(k, "values: a parameter name");
            java.util.Objects.requireNonNull(v, () -> "values: the value of " + k);
        });
        return new RuleParameters(ref, values);
    }

    /** @return the canonical reference the rule must report */
    public RuleRef ref() {
        return ref;
    }

    private Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("parameter " + name + " of " + ref.id() + " has no value");
        }
        return v;
    }

    /** @return an integer parameter */
    public int integer(String name) {
        return Math.toIntExact((Long) get(name));
    }

    /** @return a decimal parameter */
    public double decimal(String name) {
        return (Double) get(name);
    }

    /** @return a decimal parameter that may be absent */
    public OptionalDouble optionalDecimal(String name) {
        Object v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of((Double) v);
    }

    /** @return a boolean parameter */
    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    /** @return a choice parameter's word */
    public String choice(String name) {
        return (String) get(name);
    }

    /** @return a text parameter, if given */
    public Optional<String> text(String name) {
        return Optional.ofNullable((String) values.get(name));
    }

    /** @return a resolved scale parameter */
    public Scale scale(String name) {
        return (Scale) get(name);
    }

    /** @return the created nested rules of a RULES parameter */
    @SuppressWarnings("unchecked")
    public List<TrackRule> rules(String name) {
        return (List<TrackRule>) get(name);
    }
}
