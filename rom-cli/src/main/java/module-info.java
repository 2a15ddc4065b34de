/** The rom command-line tool. */
module org.openrom.cli {
    requires org.openrom.core;
    requires org.openrom.instruments;
    requires org.openrom.rules;
    requires org.openrom.report;
    requires info.picocli;
    requires org.apache.commons.csv;
    requires owasp.encoder;

    opens org.openrom.cli to info.picocli;
}
