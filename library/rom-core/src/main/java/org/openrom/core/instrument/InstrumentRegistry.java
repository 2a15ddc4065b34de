package org.openrom.core.instrument;

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
import org.openrom.core.ConfigurationException;
import org.openrom.core.UnknownIdException;
import org.openrom.core.instrument.spi.InstrumentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable set of instruments by id. Thread-safe. {@link #loadDefault()} discovers every
 * {@link InstrumentProvider}; {@link #builder()} assembles a custom set. Duplicate ids fail loudly,
 * naming both origins.
 */
public final class InstrumentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(InstrumentRegistry.class);

    private final Map<String, Instrument> instruments;
    private final Map<String, String> origins;
    private final Map<String, Scale> scales;

    private InstrumentRegistry(Map<String, Instrument> instruments, Map<String, String> origins) {
        this.instruments = Collections.unmodifiableMap(new TreeMap<>(instruments));
        this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
        Map<String, Scale> s = new TreeMap<>();
        for (Instrument i : this.instruments.values()) {
            for (Scale sc : i.scales()) {
                s.put(sc.qualifiedId(), sc);
            }
        }
        this.scales = Collections.unmodifiableMap(s);
    }

    /**
     * Discovers every provider visible to this class's class loader (and module layer).
     *
     * @return the registry
     * @throws ConfigurationException when a provider fails or two provide the same id
     */
    public static InstrumentRegistry loadDefault() {
        return builder().discover(InstrumentRegistry.class.getClassLoader()).build();
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the instrument with that id */
    public Optional<Instrument> find(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(instruments.get(id));
    }

    /**
     * @param id the instrument id
     * @return the instrument
     * @throws UnknownIdException listing the known ids
     */
    public Instrument get(String id) {
        Objects.requireNonNull(id, "id");
        Instrument i = instruments.get(id);
        if (i == null) {
            throw new UnknownIdException("instrument", id, instruments.keySet());
        }
        return i;
    }

    /**
     * @param qualifiedId e.g. {@code odsis.total}
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

    /** @return the scale with that qualified id, if any */
    public Optional<Scale> findScale(String qualifiedId) {
        Objects.requireNonNull(qualifiedId, "qualifiedId");
        return Optional.ofNullable(scales.get(qualifiedId));
    }

    /** @return all instruments, sorted by id */
    public List<Instrument> instruments() {
        return List.copyOf(instruments.values());
    }

    /** @return all scales by qualified id, sorted */
    public Map<String, Scale> scales() {
        return scales;
    }

    /** @return where an instrument came from (provider name or "added"), if present */
    public Optional<String> origin(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(origins.get(id));
    }

    /** Assembles a registry; {@link #build()} fails on duplicate ids. */
    public static final class Builder {
        private final Map<String, Instrument> instruments = new LinkedHashMap<>();
        private final Map<String, String> origins = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds one instrument.
         *
         * @param instrument the instrument
         * @return this
         * @throws ConfigurationException when the id is taken
         */
        public Builder add(Instrument instrument) {
            return add(instrument, "added explicitly");
        }

        /**
         * Adds every instrument of a provider.
         *
         * @param provider the provider
         * @return this
         */
        public Builder add(InstrumentProvider provider) {
            Objects.requireNonNull(provider, "provider");
            List<Instrument> list;
            try {
                list = provider.instruments();
            } catch (RuntimeException e) {
                throw new ConfigurationException("Instrument provider " + provider.name() + " failed: " + e.getMessage(), e);
            }
            if (list == null) {
                throw new ConfigurationException("Instrument provider " + provider.name() + " returned null");
            }
            for (Instrument i : list) {
                add(i, "provider " + provider.name());
            }
            return this;
        }

        /**
         * Adds every provider found by {@link ServiceLoader} with the given loader. A provider that cannot
         * be instantiated fails the build with its name.
         *
         * @param loader the class loader to search
         * @return this
         */
        public Builder discover(ClassLoader loader) {
            // one call serves both worlds: providers in named modules defined to the loader (or its parents), and
            // META-INF/services entries on its class path; rom-core declares `uses`, so this works from a named module
            ServiceLoader<InstrumentProvider> sl = ServiceLoader.load(InstrumentProvider.class,
                    Objects.requireNonNull(loader, "loader"));
            Iterator<InstrumentProvider> it = sl.iterator();
            while (true) {
                InstrumentProvider p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError e) {
                    throw new ConfigurationException("An instrument provider could not be loaded: " + e.getMessage(), e);
                }
                add(p);
                LOG.debug("Loaded instrument provider {}", p.name());
            }
            return this;
        }

        private Builder add(Instrument instrument, String origin) {
            Objects.requireNonNull(instrument, "instrument");
            String previous = origins.get(instrument.id());
            if (previous != null) {
                throw new ConfigurationException("Duplicate instrument id '" + instrument.id() + "': from " + previous
                        + " and from " + origin);
            }
            instruments.put(instrument.id(), instrument);
            origins.put(instrument.id(), origin);
            return this;
        }

        /** @return the registry */
        public InstrumentRegistry build() {
            return new InstrumentRegistry(instruments, origins);
        }
    }
}
