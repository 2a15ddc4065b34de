/** The rom command-line tool. */
module org.openrom.cli {
    requires transitive org.openrom.core;
    requires org.openrom.instruments;
    requires org.openrom.rules;
    requires org.openrom.report;
    requires transitive org.openrom.io;
    requires org.openrom.measures;
    requires info.picocli;
    requires de.siegmar.fastcsv;
    requires owasp.encoder;
    requires me.tongfei.progressbar;
    requires com.fasterxml.jackson.core;
    requires java.sql;

    exports org.openrom.cli;
    exports org.openrom.cli.spi;
    // the output helpers every command shares, plugins included: atomic files, path checks, output folders
    exports org.openrom.cli.io;

    opens org.openrom.cli to info.picocli;

    uses org.openrom.cli.spi.CommandPlugin;
    uses org.openrom.cli.spi.TrackOutput;
    uses org.openrom.cli.spi.FeedbackSource;
}
