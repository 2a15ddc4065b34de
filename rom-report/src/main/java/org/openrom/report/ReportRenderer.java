package org.openrom.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openrom.core.needs.CandidateIntervention;
import org.openrom.core.needs.ClinicianNeed;
import org.openrom.core.needs.Evidence;
import org.openrom.core.needs.EvidenceRule;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.needs.NeedsTaxonomy;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.report.ItemResponse;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.PatientComment;
import org.openrom.core.report.Trajectory;
import org.openrom.core.track.Finding;
import org.openrom.core.track.TrackAssessment;
import org.owasp.encoder.Encode;

/**
 * Renders a {@link NotReport} as one self-contained HTML page (inline SVG and CSS, no external assets,
 * no script) or as Markdown, and a therapy group as an overview page. The renderer's own words (headings,
 * table headers, notes, chart labels) are in English or Danish; sub-theme, theme and intervention labels
 * and evidence rationales come from the needs engine in the chosen language (both falling back to
 * English); rule reasons and evidence sentences are the rules' own, in English. All untrusted text (comments, clinician notes, ids) is escaped with the OWASP Java Encoder.
 * Output is deterministic: the same report gives the same bytes. Thread-safe.
 */
public final class ReportRenderer {
    private static final String CSS = "body{font-family:system-ui,sans-serif;max-width:860px;margin:24px auto;padding:0 16px;"
            + "color:#222;line-height:1.4}h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.15em;border-bottom:1px solid #ddd;"
            + "padding-bottom:2px;margin-top:28px}.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-weight:bold}"
            + ".not_on_track{background:#fbe3e0;color:#9b2c1f}.on_track{background:#e3f4e5;color:#1e6b2c}"
            + ".insufficient_data{background:#eee;color:#555}table{border-collapse:collapse}td,th{border:1px solid #ddd;"
            + "padding:3px 8px;text-align:left}.muted{color:#666;font-size:.9em}.evidence{margin:2px 0 6px 0}"
            + "blockquote{margin:4px 0 8px 0;padding:4px 10px;border-left:3px solid #ccc;background:#fafafa}";

    private final NeedsEngine needs;
    private final String language;
    private final UiText ui;

    /**
     * @param needs the engine whose taxonomy and evidence rules label the needs
     * @param language {@code en} or {@code da} (any other language: English words, that language's labels
     *     where the taxonomy has them)
     */
    public ReportRenderer(NeedsEngine needs, String language) {
        this.needs = Objects.requireNonNull(needs, "needs");
        this.language = Objects.requireNonNull(language, "language");
        this.ui = UiText.of(language);
    }

    private NeedsTaxonomy taxonomy() {
        return needs.taxonomy();
    }

    private String rationale(String ruleId) {
        for (EvidenceRule r : needs.rules().rules()) {
            if (r.id().equals(ruleId)) {
                return r.rationale().getOrDefault(language, r.rationale().getOrDefault("en", ""));
            }
        }
        return "";
    }

    private static String h(String s) {
        return Encode.forHtml(s);
    }

    /**
     * @param r the report
     * @return a complete, well-formed XHTML document
     */
    public String html(NotReport r) {
        java.util.Objects.requireNonNull(r, "r");
        StringBuilder sb = new StringBuilder();
        String status = r.status().name().toLowerCase(java.util.Locale.ROOT);
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(h(language)).append("\">\n");
        sb.append("<head><meta charset=\"utf-8\"/><title>").append(h(ui.get("title"))).append(": ")
                .append(h(ui.get("patient").toLowerCase(java.util.Locale.ROOT))).append(' ').append(h(r.patientId()))
                .append(", ").append(h(ui.get("session"))).append(' ')
                .append(r.occasion()).append("</title><style>").append(CSS).append("</style></head>\n<body>\n");
        sb.append("<h1>").append(h(ui.get("heading"))).append("</h1>\n<p>").append(h(ui.get("patient"))).append(" <strong>")
                .append(h(r.patientId()))
                .append("</strong>");
        if (!r.groupId().isEmpty()) {
            sb.append(" · ").append(h(ui.get("group"))).append(' ').append(h(r.groupId()));
        }
        sb.append(" · ").append(h(ui.get("session"))).append(' ').append(r.occasion()).append(" · <span class=\"badge ")
                .append(status).append("\">").append(h(ui.status(r.status().name()))).append("</span></p>\n");
        if (!r.reasons().isEmpty()) {
            sb.append("<h2>").append(h(ui.get("why"))).append("</h2>\n<ul>\n");
            for (Finding f : r.reasons()) {
                sb.append("<li>").append(h(f.sentence())).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("<h2>").append(h(ui.get("trajectories"))).append("</h2>\n");
        for (Trajectory t : r.trajectories()) {
            sb.append("<figure>").append(TrajectoryChart.svg(t, r.comments(), 640, 220, ui)).append("<figcaption class=\"muted\">")
                    .append(h(t.label() + ": " + ui.get("statusesBy") + " " + t.rule())).append("</figcaption></figure>\n");
        }
        sb.append("<h2>").append(h(ui.get("ruleStatuses"))).append("</h2>\n<table>\n")
                .append(headerRow("th.rule", "th.session", "th.status", "th.reason"));
        for (TrackAssessment a : r.assessments()) {
            sb.append("<tr><td>").append(h(a.rule().id())).append("</td><td>").append(a.occasion()).append("</td><td>")
                    .append(h(ui.status(a.status().name()))).append("</td><td>").append(h(a.reasons().get(0).sentence()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
        sb.append("<h2>").append(h(ui.get("needs"))).append("</h2>\n");
        if (r.needs().needs().isEmpty()) {
            sb.append("<p class=\"muted\">").append(h(ui.get("noNeed"))).append("</p>\n");
        } else {
            sb.append("<ol>\n");
            for (RaisedNeed n : r.needs().needs()) {
                var st = taxonomy().subtheme(n.subtheme());
                String theme = taxonomy().theme(n.theme()).map(t -> t.label(language)).orElse(n.theme());
                sb.append("<li><strong>").append(h(st.label(language))).append("</strong> <span class=\"muted\">(")
                        .append(h(theme)).append(")</span>");
                if (n.confirmed()) {
                    sb.append(" <span class=\"badge on_track\">").append(h(ui.get("confirmed"))).append("</span>");
                }
                sb.append("\n<ul class=\"evidence\">\n");
                for (Evidence e : n.evidence()) {
                    String why = rationale(e.rule());
                    sb.append("<li>").append(h(e.sentence())).append(why.isEmpty() ? "" : " <span class=\"muted\">— "
                            + h(why) + "</span>").append("</li>\n");
                }
                for (ClinicianNeed c : n.confirmations()) {
                    sb.append("<li>").append(h(ui.get("recordedAt"))).append(' ').append(c.occasion())
                            .append(c.note().isEmpty() ? "" : ": " + h(c.note())).append("</li>\n");
                }
                sb.append("</ul></li>\n");
            }
            sb.append("</ol>\n");
        }
        sb.append("<h2>").append(h(ui.get("interventions"))).append("</h2>\n");
        if (r.needs().interventions().isEmpty()) {
            sb.append("<p class=\"muted\">").append(h(ui.get("noneIndicated"))).append("</p>\n");
        } else {
            sb.append("<ul>\n");
            for (CandidateIntervention c : r.needs().interventions()) {
                sb.append("<li><strong>").append(h(intervention(c.intervention()))).append("</strong> <span class=\"muted\">")
                        .append(h(ui.get("for"))).append(' ')
                        .append(h(subthemes(c.serves()))).append("</span></li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("<h2>").append(h(ui.get("negative"))).append("</h2>\n");
        items(sb, r.negativeResponses(), ui.get("noNegative"));
        sb.append("<h2>").append(h(ui.get("lifeEvents"))).append("</h2>\n");
        items(sb, r.lifeEvents(), ui.get("noLifeEvents"));
        sb.append("<h2>").append(h(ui.get("comments"))).append("</h2>\n");
        if (r.comments().isEmpty()) {
            sb.append("<p class=\"muted\">").append(h(ui.get("noComments"))).append("</p>\n");
        }
        for (PatientComment c : r.comments()) {
            sb.append("<p class=\"muted\">").append(h(ui.get("Session"))).append(' ').append(c.occasion()).append(", ").append(h(c.instrument()))
                    .append("</p><blockquote>").append(h(c.text())).append("</blockquote>\n");
        }
        sb.append("<h2>").append(h(ui.get("about"))).append("</h2>\n<p class=\"muted\">").append(h(ui.get("aboutNeeds")))
                .append(' ').append(h(ui.get("taxonomy"))).append(' ').append(h(r.needs().taxonomy())).append("; ")
                .append(h(ui.get("evidenceRules"))).append(' ').append(h(r.needs().evidenceRules())).append(". ")
                .append(h(ui.get("rules"))).append(": ");
        for (int i = 0; i < r.assessments().size(); i++) {
            sb.append(i == 0 ? "" : "; ").append("<code>").append(h(r.assessments().get(i).rule().spec())).append("</code>");
        }
        sb.append(". ").append(h(ui.get("generated"))).append("</p>\n</body>\n</html>\n");
        return sb.toString();
    }

    private String headerRow(String... keys) {
        StringBuilder row = new StringBuilder("<tr>");
        for (String k : keys) {
            row.append("<th>").append(h(ui.get(k))).append("</th>");
        }
        return row.append("</tr>\n").toString();
    }

    private void items(StringBuilder sb, List<ItemResponse> items, String none) {
        if (items.isEmpty()) {
            sb.append("<p class=\"muted\">").append(h(none)).append("</p>\n");
            return;
        }
        sb.append("<table>\n").append(headerRow("th.questionnaire", "th.item", "th.answer", "th.session"));
        for (ItemResponse i : items) {
            sb.append("<tr><td>").append(h(i.instrumentName())).append("</td><td>").append(h(i.topic())).append("</td><td>")
                    .append(i.value()).append(" (").append(i.min()).append("–").append(i.max()).append(")</td><td>")
                    .append(i.occasion()).append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    private String intervention(String id) {
        return taxonomy().interventions().stream().filter(i -> i.id().equals(id)).findFirst().map(i -> i.label(language))
                .orElse(id);
    }

    private String subthemes(List<String> ids) {
        StringBuilder s = new StringBuilder();
        for (String id : ids) {
            s.append(s.length() == 0 ? "" : ", ").append(taxonomy().subtheme(id).label(language).toLowerCase(java.util.Locale.ROOT));
        }
        return s.toString();
    }

    /**
     * @param r the report
     * @return the report as Markdown; untrusted text is escaped so that it renders as text
     */
    public String markdown(NotReport r) {
        java.util.Objects.requireNonNull(r, "r");
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(ui.get("heading")).append("\n\n");
        sb.append(ui.get("patient")).append(" **").append(md(r.patientId())).append("**");
        if (!r.groupId().isEmpty()) {
            sb.append(" · ").append(ui.get("group")).append(' ').append(md(r.groupId()));
        }
        sb.append(" · ").append(ui.get("session")).append(' ').append(r.occasion()).append(" · **")
                .append(ui.status(r.status().name())).append("**\n\n");
        if (!r.reasons().isEmpty()) {
            sb.append("## ").append(ui.get("why")).append("\n\n");
            for (Finding f : r.reasons()) {
                sb.append("- ").append(md(f.sentence())).append('\n');
            }
            sb.append('\n');
        }
        sb.append("## ").append(ui.get("trajectories")).append("\n\n");
        for (Trajectory t : r.trajectories()) {
            sb.append("**").append(md(t.label())).append("** (").append(md(t.rule())).append(")\n\n| ").append(ui.get("th.session"))
                    .append(" | ").append(ui.get("th.score")).append(" | ").append(ui.get("th.status")).append(" |\n|---|---|---|\n");
            for (var p : t.points()) {
                sb.append("| ").append(p.occasion()).append(" | ").append(Text.num(p.score())).append(" | ")
                        .append(ui.status(p.status())).append(" |\n");
            }
            sb.append('\n');
        }
        sb.append("## ").append(ui.get("needs")).append("\n\n");
        if (r.needs().needs().isEmpty()) {
            sb.append(ui.get("noNeedShort")).append("\n\n");
        }
        for (RaisedNeed n : r.needs().needs()) {
            sb.append(n.rank()).append(". **").append(md(taxonomy().subtheme(n.subtheme()).label(language))).append("** (")
                    .append(md(taxonomy().theme(n.theme()).map(t -> t.label(language)).orElse(n.theme()))).append(")")
                    .append(n.confirmed() ? " — " + ui.get("confirmed") : "").append('\n');
            for (Evidence e : n.evidence()) {
                sb.append("   - ").append(md(e.sentence())).append('\n');
            }
            for (ClinicianNeed c : n.confirmations()) {
                sb.append("   - ").append(ui.get("recordedAt")).append(' ').append(c.occasion())
                        .append(c.note().isEmpty() ? "" : ": " + md(c.note())).append('\n');
            }
        }
        sb.append("\n## ").append(ui.get("interventions")).append("\n\n");
        for (CandidateIntervention c : r.needs().interventions()) {
            sb.append("- **").append(md(intervention(c.intervention()))).append("** ").append(ui.get("for")).append(' ')
                    .append(md(subthemes(c.serves()))).append('\n');
        }
        if (r.needs().interventions().isEmpty()) {
            sb.append(ui.get("noneIndicated")).append('\n');
        }
        sb.append("\n## ").append(ui.get("negative")).append("\n\n");
        mdItems(sb, r.negativeResponses(), ui.get("noNegative"));
        sb.append("## ").append(ui.get("lifeEvents")).append("\n\n");
        mdItems(sb, r.lifeEvents(), ui.get("noLifeEvents"));
        sb.append("## ").append(ui.get("comments")).append("\n\n");
        if (r.comments().isEmpty()) {
            sb.append(ui.get("noComments")).append("\n\n");
        }
        for (PatientComment c : r.comments()) {
            sb.append("- ").append(ui.get("Session")).append(' ').append(c.occasion()).append(" (").append(md(c.instrument())).append("): ")
                    .append(md(c.text())).append('\n');
        }
        sb.append('\n').append(ui.get("aboutNeedsShort")).append(' ').append(ui.get("taxonomy")).append(' ')
                .append(md(r.needs().taxonomy())).append("; ").append(ui.get("evidenceRules")).append(' ')
                .append(md(r.needs().evidenceRules())).append(".\n");
        return sb.toString();
    }

    private void mdItems(StringBuilder sb, List<ItemResponse> items, String none) {
        if (items.isEmpty()) {
            sb.append(none).append("\n\n");
            return;
        }
        sb.append("| ").append(ui.get("th.questionnaire")).append(" | ").append(ui.get("th.item")).append(" | ")
                .append(ui.get("th.answer")).append(" | ").append(ui.get("th.session")).append(" |\n|---|---|---|---|\n");
        for (ItemResponse i : items) {
            sb.append("| ").append(md(i.instrumentName())).append(" | ").append(md(i.topic())).append(" | ").append(i.value())
                    .append(" (").append(i.min()).append("–").append(i.max()).append(") | ").append(i.occasion()).append(" |\n");
        }
        sb.append('\n');
    }

    /**
     * Escapes inline text for Markdown: HTML-significant characters become entities, the punctuation that
     * forms emphasis, code, links and tables ({@code \ ` * _ [ ] | ~}) is backslash-escaped, and line breaks
     * become spaces, so untrusted text renders as plain text. (Text is never placed at the start of a line,
     * where {@code #}, {@code -} or {@code +} would matter.)
     *
     * @param s untrusted text
     * @return the escaped text
     */
    static String md(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '\n':
                case '\r':
                    out.append(' ');
                    break;
                case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
                    out.append('\\').append(c);
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A group overview page: every patient of one group at the latest session, with status and a small
     * chart of the first trajectory.
     *
     * @param groupId the group
     * @param reports one report per patient (each at its latest occasion)
     * @param links patient id → relative link to that patient's report (may be empty); a link that is not a
     *     relative path or an {@code http(s)} URL ({@code javascript:}, {@code data:}, …) is dropped and the patient
     *     is shown without a link
     * @return a complete XHTML document
     */
    public String groupOverview(String groupId, List<NotReport> reports, Map<String, String> links) {
        java.util.Objects.requireNonNull(groupId, "groupId");
        java.util.Objects.requireNonNull(reports, "reports");
        Map<String, String> l = new LinkedHashMap<>(java.util.Objects.requireNonNull(links, "links"));
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(h(language)).append("\">\n");
        String title = h(ui.get("groupTitle")) + " " + h(groupId);
        sb.append("<head><meta charset=\"utf-8\"/><title>").append(title).append("</title><style>").append(CSS)
                .append("</style></head>\n<body>\n<h1>").append(title).append("</h1>\n");
        long not = reports.stream().filter(r -> r.status().name().equals("NOT_ON_TRACK")).count();
        sb.append("<p>").append(reports.size()).append(' ').append(h(ui.get("patients"))).append(" · ").append(not).append(' ')
                .append(h(ui.get("statusNot"))).append("</p>\n");
        sb.append("<table>\n").append(headerRow("th.patient", "th.session", "th.status", "th.trajectory", "th.topNeed"));
        for (NotReport r : reports) {
            String id = h(r.patientId());
            String link = safeLink(l.get(r.patientId()));
            sb.append("<tr><td>").append(link == null ? id : "<a href=\"" + Encode.forHtmlAttribute(link) + "\">" + id + "</a>")
                    .append("</td><td>").append(r.occasion()).append("</td><td><span class=\"badge ")
                    .append(r.status().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                    .append(h(ui.status(r.status().name()))).append("</span></td><td>")
                    .append(r.trajectories().isEmpty() ? "" : TrajectoryChart.sparkline(r.trajectories().get(0), 160, 40, ui))
                    .append("</td><td>").append(r.needs().needs().isEmpty() ? "—"
                            : h(taxonomy().subtheme(r.needs().needs().get(0).subtheme()).label(language)))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

    /**
     * @param link a link as given, may be null
     * @return the link when it is a relative reference or an http(s) URL, else null (no link is rendered)
     */
    static String safeLink(String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        // browsers ignore control characters and white space inside a scheme ("java\tscript:"): judge the link without them
        String compact = link.strip().replaceAll("[\\x00-\\x20\\x7f]", "");
        java.util.regex.Matcher m = SCHEME.matcher(compact);
        if (m.find()) {
            String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? link.strip() : null;
        }
        return compact.startsWith("//") || compact.startsWith("\\\\") ? null : link.strip();
    }
}
