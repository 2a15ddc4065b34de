/** The built-in OpenROM instruments, provided through the instrument SPI. */
module org.openrom.instruments {
    requires transitive org.openrom.core;

    exports org.openrom.instruments;

    provides org.openrom.core.instrument.spi.InstrumentProvider with org.openrom.instruments.BuiltInInstruments;
}
