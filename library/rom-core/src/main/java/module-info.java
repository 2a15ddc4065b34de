/**
 * OpenROM core: domain values, the instrument and track-rule SPIs, registries, the outcome monitor and
 * JSON support.
 */
module org.openrom.core {
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports org.openrom.core;
    exports org.openrom.core.instrument;
    exports org.openrom.core.instrument.spi;
    exports org.openrom.core.score;
    exports org.openrom.core.json;
    exports org.openrom.core.track;
    exports org.openrom.core.track.spi;
    exports org.openrom.core.monitor;
    exports org.openrom.core.history;
    exports org.openrom.core.needs;
    exports org.openrom.core.report;
    exports org.openrom.core.safety;
    exports org.openrom.core.worklist;

    opens org.openrom.core.needs to com.fasterxml.jackson.databind;
    opens org.openrom.core.report to com.fasterxml.jackson.databind;

    uses org.openrom.core.instrument.spi.InstrumentProvider;
    uses org.openrom.core.track.spi.TrackRuleProvider;
}
