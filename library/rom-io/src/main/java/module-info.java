/** Cohort files in and out of the library: readers of item-level CSV, score-level CSV and JSON Lines. */
module org.openrom.io {
    requires transitive org.openrom.core;
    requires transitive org.openrom.measures;
    requires de.siegmar.fastcsv;

    exports org.openrom.io;
    exports org.openrom.io.spi;

    uses org.openrom.io.spi.InputFormat;
}
