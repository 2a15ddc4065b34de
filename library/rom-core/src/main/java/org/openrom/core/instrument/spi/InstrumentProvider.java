package org.openrom.core.instrument.spi;

import java.util.List;
import org.openrom.core.instrument.Instrument;

/**
 * Service-provider interface for instruments, discovered with {@link java.util.ServiceLoader}.
 *
 * <p>Register an implementation in {@code META-INF/services/org.openrom.core.instrument.spi.InstrumentProvider}
 * and, in a named module, with {@code provides org.openrom.core.instrument.spi.InstrumentProvider with …}.
 * Implementations need a public no-argument constructor, must be thread-safe, and should return the
 * same instruments on every call. The interface grows only by default methods.
 */
public interface InstrumentProvider {
    /** @return the instruments this provider contributes (ids unique across all providers) */
    List<Instrument> instruments();

    /** @return a name for messages; by default the implementation's class name */
    default String name() {
        return getClass().getName();
    }
}
