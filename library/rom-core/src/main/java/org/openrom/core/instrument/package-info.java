/**
 * Instruments and their scoring: {@link org.openrom.core.instrument.Instrument},
 * {@link org.openrom.core.instrument.Scale}, the {@link org.openrom.core.instrument.InstrumentRegistry}
 * and the declarative JSON format ({@link org.openrom.core.instrument.InstrumentDefinitions}).
 */
package org.openrom.core.instrument;
