/** An example OpenROM plugin: one instrument and one track rule, provided through the SPIs. */
module org.openrom.example.plugin {
    requires transitive org.openrom.core;

    exports org.openrom.example.plugin;

    provides org.openrom.core.instrument.spi.InstrumentProvider with org.openrom.example.plugin.Core10Provider;
    provides org.openrom.core.track.spi.TrackRuleProvider with org.openrom.example.plugin.SlopeRule;
}
