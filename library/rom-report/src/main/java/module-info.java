/** Renderers for the NOT report: HTML with inline SVG, Markdown, standalone SVG charts, group overviews. */
module org.openrom.report {
    requires transitive org.openrom.core;
    requires owasp.encoder;

    exports org.openrom.report;
}
