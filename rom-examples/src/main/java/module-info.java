/** Runnable OpenROM examples. */
module org.openrom.examples {
    requires org.openrom.core;
    requires org.openrom.instruments;
    requires org.openrom.rules;
    requires org.openrom.report;
    requires org.openrom.example.plugin;

    exports org.openrom.examples;
}
