package org.openrom.core.track;

import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.ParameterType;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openrom.core.ConfigurationException;
import org.openrom.core.RomException;
import org.openrom.core.RuleSpecException;
import org.openrom.core.UnknownIdException;
import org.openrom.core.track.spi.TrackRuleProvider;

/**
 * The installed rules by id, and the one place where specs become rules: {@link #create} checks the
 * spec against the provider's parameter descriptors (unknown keys and bad values are errors that list
 * what is accepted), applies defaults, resolves scales, creates nested rules, and computes the
 * canonical {@link RuleRef}. Immutable and thread-safe.
 */
public final class RuleRegistry {
    private final Map<String, TrackRuleProvider> providers;

    private RuleRegistry(Map<String, TrackRuleProvider> providers) {
        this.providers = Collections.unmodifiableMap(new TreeMap<>(providers));
    }

    /** @return every provider found by {@link ServiceLoader} */
    public static RuleRegistry loadDefault() {
        return builder().discover(RuleRegistry.class.getClassLoader()).build();
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the providers, sorted by id */
    public List<TrackRuleProvider> providers() {
        return List.copyOf(providers.values());
    }

    /** @return the provider of that rule id */
    public Optional<TrackRuleProvider> provider(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(providers.get(id));
    }

    /**
     * @param spec the spec text
     * @param environment scales and reference cohorts
     * @return the rule
     * @throws RuleSpecException for syntax errors, unknown ids or keys, and bad values
     */
    public TrackRule create(String spec, RuleEnvironment environment) {
        java.util.Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(spec, "spec");
        return create(RuleSpec.parse(spec), environment);
    }

    /**
     * @param spec the parsed spec
     * @param environment scales and reference cohorts
     * @return the rule
     * @throws RuleSpecException for unknown ids or keys, and bad values
     */
    public TrackRule create(RuleSpec spec, RuleEnvironment environment) {
        java.util.Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(environment, "environment");
        TrackRuleProvider provider = providers.get(spec.id());
        if (provider == null) {
            throw new RuleSpecException("Unknown rule '" + spec.id() + "'; installed rules: "
                    + String.join(", ", providers.keySet()));
        }
        Map<String, ParameterDescriptor> descriptors = new LinkedHashMap<>();
        for (ParameterDescriptor d : provider.parameters()) {
            descriptors.put(d.name(), d);
        }
        for (String key : spec.parameters().keySet()) {
            if (!descriptors.containsKey(key)) {
                throw new RuleSpecException("Unknown parameter '" + key + "' for rule '" + spec.id() + "'; accepted: "
                        + descriptors.values().stream().map(d -> d.name() + " (" + d.expectation()
                                + d.defaultValue().map(v -> ", default " + v).orElse("") + ")")
                                .collect(Collectors.joining(", ")));
            }
        }
        Map<String, Object> values = new TreeMap<>();
        Map<String, String> canonical = new TreeMap<>();
        for (ParameterDescriptor d : descriptors.values()) {
            RuleSpec.Value given = spec.parameters().get(d.name());
            if (given == null && d.defaultValue().isPresent()) {
                given = new RuleSpec.Atom(d.defaultValue().get());
            }
            if (given == null) {
                if (d.required()) {
                    throw new RuleSpecException("Rule '" + spec.id() + "' needs parameter '" + d.name() + "': "
                            + d.expectation() + " — " + d.description());
                }
                continue;
            }
            Object value = convert(spec, d, given, environment);
            values.put(d.name(), value);
            canonical.put(d.name(), canonicalText(d, value, given));
        }
        RuleRef ref = RuleRef.of(provider.id(), provider.version(), canonical);
        TrackRule rule;
        try {
            rule = provider.create(RuleParameters.of(ref, values), environment);
        } catch (RuleSpecException e) {
            throw e;
        } catch (RomException e) {
            throw new RuleSpecException("Rule '" + ref.spec() + "' cannot be created: " + e.getMessage());
        }
        if (!rule.ref().equals(ref)) {
            throw new ConfigurationException("Rule provider " + provider.getClass().getName() + " returned a rule whose ref "
                    + rule.ref() + " differs from the canonical " + ref);
        }
        return rule;
    }

    private Object convert(RuleSpec spec, ParameterDescriptor d, RuleSpec.Value given, RuleEnvironment env) {
        String g = String.valueOf(given);
        String shown = org.openrom.core.SafeText.excerpt(g).equals("'" + g + "'") ? g : org.openrom.core.SafeText.excerpt(g);
        String where = "parameter " + d.name() + "=" + shown + " of rule '" + spec.id() + "'";
        if (d.type() == ParameterType.RULES) {
            if (!(given instanceof RuleSpec.Specs)) {
                throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
            }
            List<RuleSpec> specs = ((RuleSpec.Specs) given).specs();
            if (specs.size() < d.min().orElse(1) || specs.size() > d.max().orElse(Integer.MAX_VALUE)) {
                throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
            }
            List<TrackRule> rules = new ArrayList<>();
            for (RuleSpec child : specs) {
                rules.add(create(child, env));
            }
            return List.copyOf(rules);
        }
        if (!(given instanceof RuleSpec.Atom)) {
            throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
        }
        String text = ((RuleSpec.Atom) given).text();
        switch (d.type()) {
            case INTEGER: {
                long v;
                try {
                    // ASCII digits only: Long.parseLong also takes other scripts' digits (a full-width ３)
                    if (!text.matches("[+-]?[0-9]{1,18}")) {
                        throw new NumberFormatException();
                    }
                    v = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
                }
                if (v < d.min().orElse(Long.MIN_VALUE) || v > d.max().orElse(Long.MAX_VALUE)) {
                    throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
                }
                return v;
            }
            case DECIMAL: {
                double v;
                try {
                    v = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
                }
                if (!Double.isFinite(v) || !text.matches("[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")
                        || v < d.min().orElse(-Double.MAX_VALUE) || v > d.max().orElse(Double.MAX_VALUE)) {
                    throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
                }
                return v;
            }
            case BOOLEAN:
                if (!text.equals("true") && !text.equals("false")) {
                    throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
                }
                return Boolean.parseBoolean(text);
            case CHOICE:
                if (!d.choices().contains(text)) {
                    throw new RuleSpecException("Invalid " + where + ": expected " + d.expectation());
                }
                return text;
            case SCALE:
                try {
                    return env.scale(text);
                } catch (UnknownIdException e) {
                    throw new RuleSpecException("Invalid " + where + ": " + e.getMessage());
                }
            default:
                return text;
        }
    }

    @SuppressWarnings("unchecked")
    private static String canonicalText(ParameterDescriptor d, Object value, RuleSpec.Value given) {
        switch (d.type()) {
            case INTEGER:
                return Long.toString((Long) value);
            case DECIMAL:
                return ParameterDescriptor.canonicalDecimal((Double) value);
            case RULES:
                return "(" + ((List<TrackRule>) value).stream().map(r -> r.ref().spec())
                        .collect(Collectors.joining(";")) + ")";
            default:
                return given.toString();
        }
    }

    /** Assembles a registry; duplicate ids fail naming both providers. */
    public static final class Builder {
        private final Map<String, TrackRuleProvider> providers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param provider a provider
         * @return this
         * @throws ConfigurationException when the id is taken or the provider is malformed
         */
        public Builder add(TrackRuleProvider provider) {
            Objects.requireNonNull(provider, "provider");
            String id;
            try {
                id = provider.id();
                if (provider.version() == null || provider.version().isBlank()) {
                    throw new ConfigurationException("Rule provider " + provider.getClass().getName() + " has no version");
                }
                provider.parameters();
            } catch (RuntimeException e) {
                if (e instanceof ConfigurationException) {
                    throw e;
                }
                throw new ConfigurationException("Rule provider " + provider.getClass().getName() + " failed: " + e, e);
            }
            if (!org.openrom.core.internal.Checks.isId(id)) {
                throw new ConfigurationException("Rule provider " + provider.getClass().getName() + " has invalid id '" + id + "'");
            }
            TrackRuleProvider previous = providers.putIfAbsent(id, provider);
            if (previous != null) {
                throw new ConfigurationException("Duplicate rule id '" + id + "': from " + previous.getClass().getName()
                        + " and from " + provider.getClass().getName());
            }
            return this;
        }

        /**
         * @param loader the class loader to search
         * @return this, with every discovered provider
         */
        public Builder discover(ClassLoader loader) {
            // providers in named modules defined to the loader (or its parents) and META-INF/services on its class path
            ServiceLoader<TrackRuleProvider> sl = ServiceLoader.load(TrackRuleProvider.class,
                    Objects.requireNonNull(loader, "loader"));
            Iterator<TrackRuleProvider> it = sl.iterator();
            while (true) {
                TrackRuleProvider p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError e) {
                    throw new ConfigurationException("A rule provider could not be loaded: " + e.getMessage(), e);
                }
                add(p);
            }
            return this;
        }

        /** @return the registry */
        public RuleRegistry build() {
            return new RuleRegistry(providers);
        }
    }
}
