/** Episode-based quality measures: depression remission and response (CMS159, DEP-REM-6). */
module org.openrom.measures {
    requires transitive org.openrom.core;
    requires org.openrom.rules;

    exports org.openrom.measures;
}
