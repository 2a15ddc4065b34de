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
 *
 * <p><b>Versions.</b> A rule id may be installed in several versions (numbers). A spec without a version creates the
 * newest; {@code id@n} creates version n. A version never changes meaning: a changed default or reading is a new
 * version, and the old one stays installed.
 */
public final class RuleRegistry {
    /** A version's form: numbers separated by dots, such as 1 or 2.1. */
    static final String VERSION = "[0-9]{1,9}(\\.[0-9]{1,9}){0,3}";
    /** Versions in numeric order, segment by segment (1.10 after 1.9). */
    private static final java.util.Comparator<String> VERSION_ORDER = (a, b) -> {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(i < x.length ? Long.parseLong(x[i]) : 0, i < y.length ? Long.parseLong(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    /** Per id: the newest provider. */
    private final Map<String, TrackRuleProvider> providers;
    /** Per id: every installed version, by version number. */
    private final Map<String, TreeMap<String, TrackRuleProvider>> versions;

    private RuleRegistry(Map<String, TreeMap<String, TrackRuleProvider>> versions) {
        TreeMap<String, TrackRuleProvider> newest = new TreeMap<>();
        TreeMap<String, TreeMap<String, TrackRuleProvider>> all = new TreeMap<>();
        versions.forEach((id, v) -> {
            newest.put(id, v.lastEntry().getValue());
            TreeMap<String, TrackRuleProvider> copy = new TreeMap<>(VERSION_ORDER);
            copy.putAll(v);
            all.put(id, copy);
        });
        this.providers = Collections.unmodifiableMap(newest);
        this.versions = Collections.unmodifiableMap(all);
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

    /** @return the newest provider of that rule id */
    public Optional<TrackRuleProvider> provider(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(providers.get(id));
    }

    /**
     * @param id a rule id
     * @return every installed version of the rule, oldest first (empty for an unknown id)
     */
    public List<TrackRuleProvider> versions(String id) {
        Objects.requireNonNull(id, "id");
        TreeMap<String, TrackRuleProvider> v = versions.get(id);
        return v == null ? List.of() : List.copyOf(v.values());
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
        if (spec.version().isPresent()) {
            provider = versions.get(spec.id()).get(spec.version().get());
            if (provider == null) {
                throw new RuleSpecException("Rule '" + spec.id() + "' has no version " + spec.version().get()
                        + "; installed versions: " + versions.get(spec.id()).keySet());
            }
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
    private String canonicalText(ParameterDescriptor d, Object value, RuleSpec.Value given) {
        switch (d.type()) {
            case INTEGER:
                return Long.toString((Long) value);
            case DECIMAL:
                return ParameterDescriptor.canonicalDecimal((Double) value);
            case RULES:
                // a nested rule of an older version keeps its version in the text, so that the text means the same rule
                return "(" + ((List<TrackRule>) value).stream().map(r -> newest(r.ref()) ? r.ref().spec() : r.ref().pinnedSpec())
                        .collect(Collectors.joining(";")) + ")";
            default:
                return given.toString();
        }
    }

    private boolean newest(RuleRef ref) {
        TrackRuleProvider p = providers.get(ref.id());
        return p == null || p.version().equals(ref.version());
    }

    /** Assembles a registry; a duplicate id and version fails naming both providers. */
    public static final class Builder {
        private final Map<String, TreeMap<String, TrackRuleProvider>> providers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param provider a provider
         * @return this
         * @throws ConfigurationException when the id and version are taken, or the provider is malformed (a version
         *     must be numbers separated by dots, such as 1 or 2.1)
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
            String version = provider.version();
            if (!version.matches(VERSION)) {
                throw new ConfigurationException("Rule provider " + provider.getClass().getName() + " has version "
                        + org.openrom.core.SafeText.excerpt(version) + ": expected numbers separated by dots, such as 1 or 2.1");
            }
            TrackRuleProvider previous = providers.computeIfAbsent(id, k -> new TreeMap<>(VERSION_ORDER))
                    .putIfAbsent(version, provider);
            if (previous != null) {
                throw new ConfigurationException("Duplicate rule id '" + id + "' version " + version + ": from "
                        + previous.getClass().getName() + " and from " + provider.getClass().getName());
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
