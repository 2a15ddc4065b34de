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
 * no script) or as Markdown, and a therapy group as an overview page. Sub-theme, theme and intervention
 * labels and evidence rationales come from the needs engine in the chosen language (falling back to
 * English). All untrusted text (comments, clinician notes, ids) is escaped with the OWASP Java Encoder.
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

    /**
     * @param needs the engine whose taxonomy and evidence rules label the needs
     * @param language a language code of the taxonomy, e.g. {@code en} or {@code da}
     */
    public ReportRenderer(NeedsEngine needs, String language) {
        this.needs = Objects.requireNonNull(needs, "needs");
        this.language = Objects.requireNonNull(language, "language");
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
        StringBuilder sb = new StringBuilder();
        String status = r.status().name().toLowerCase(java.util.Locale.ROOT);
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(h(language)).append("\">\n");
        sb.append("<head><meta charset=\"utf-8\"/><title>NOT report: patient ").append(h(r.patientId())).append(", session ")
                .append(r.occasion()).append("</title><style>").append(CSS).append("</style></head>\n<body>\n");
        sb.append("<h1>Routine outcome monitoring report</h1>\n<p>Patient <strong>").append(h(r.patientId()))
                .append("</strong>");
        if (!r.groupId().isEmpty()) {
            sb.append(" · group ").append(h(r.groupId()));
        }
        sb.append(" · session ").append(r.occasion()).append(" · <span class=\"badge ").append(status).append("\">")
                .append(h(Text.status(r.status().name()))).append("</span></p>\n");
        if (!r.reasons().isEmpty()) {
            sb.append("<h2>Why Not On Track</h2>\n<ul>\n");
            for (Finding f : r.reasons()) {
                sb.append("<li>").append(h(f.sentence())).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("<h2>Trajectories</h2>\n");
        for (Trajectory t : r.trajectories()) {
            sb.append("<figure>").append(TrajectoryChart.svg(t, r.comments(), 640, 220)).append("<figcaption class=\"muted\">")
                    .append(h(t.label() + ": statuses by " + t.rule())).append("</figcaption></figure>\n");
        }
        sb.append("<h2>Rule statuses</h2>\n<table>\n<tr><th>rule</th><th>session</th><th>status</th><th>reason</th></tr>\n");
        for (TrackAssessment a : r.assessments()) {
            sb.append("<tr><td>").append(h(a.rule().id())).append("</td><td>").append(a.occasion()).append("</td><td>")
                    .append(h(Text.status(a.status().name()))).append("</td><td>").append(h(a.reasons().get(0).sentence()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
        sb.append("<h2>Possible needs</h2>\n");
        if (r.needs().needs().isEmpty()) {
            sb.append("<p class=\"muted\">No need is indicated by the ROM data; the status conversation may still find one.</p>\n");
        } else {
            sb.append("<ol>\n");
            for (RaisedNeed n : r.needs().needs()) {
                var st = taxonomy().subtheme(n.subtheme());
                String theme = taxonomy().theme(n.theme()).map(t -> t.label(language)).orElse(n.theme());
                sb.append("<li><strong>").append(h(st.label(language))).append("</strong> <span class=\"muted\">(")
                        .append(h(theme)).append(")</span>");
                if (n.confirmed()) {
                    sb.append(" <span class=\"badge on_track\">confirmed by clinician</span>");
                }
                sb.append("\n<ul class=\"evidence\">\n");
                for (Evidence e : n.evidence()) {
                    String why = rationale(e.rule());
                    sb.append("<li>").append(h(e.sentence())).append(why.isEmpty() ? "" : " <span class=\"muted\">— "
                            + h(why) + "</span>").append("</li>\n");
                }
                for (ClinicianNeed c : n.confirmations()) {
                    sb.append("<li>Recorded by a clinician at session ").append(c.occasion())
                            .append(c.note().isEmpty() ? "" : ": " + h(c.note())).append("</li>\n");
                }
                sb.append("</ul></li>\n");
            }
            sb.append("</ol>\n");
        }
        sb.append("<h2>Candidate add-on interventions</h2>\n");
        if (r.needs().interventions().isEmpty()) {
            sb.append("<p class=\"muted\">None indicated.</p>\n");
        } else {
            sb.append("<ul>\n");
            for (CandidateIntervention c : r.needs().interventions()) {
                sb.append("<li><strong>").append(h(intervention(c.intervention()))).append("</strong> <span class=\"muted\">for ")
                        .append(h(subthemes(c.serves()))).append("</span></li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("<h2>Negative responses</h2>\n");
        items(sb, r.negativeResponses(), "No item at the worse end of its range.");
        sb.append("<h2>Life events reported</h2>\n");
        items(sb, r.lifeEvents(), "No life event reported.");
        sb.append("<h2>Patient comments</h2>\n");
        if (r.comments().isEmpty()) {
            sb.append("<p class=\"muted\">No comments.</p>\n");
        }
        for (PatientComment c : r.comments()) {
            sb.append("<p class=\"muted\">Session ").append(c.occasion()).append(", ").append(h(c.instrument()))
                    .append("</p><blockquote>").append(h(c.text())).append("</blockquote>\n");
        }
        sb.append("<h2>About this report</h2>\n<p class=\"muted\">Needs are hypotheses drawn from ROM data for the clinician "
                + "to explore with the patient, never a diagnosis. Taxonomy ").append(h(r.needs().taxonomy()))
                .append("; evidence rules ").append(h(r.needs().evidenceRules())).append(". Rules: ");
        for (int i = 0; i < r.assessments().size(); i++) {
            sb.append(i == 0 ? "" : "; ").append("<code>").append(h(r.assessments().get(i).rule().spec())).append("</code>");
        }
        sb.append(". Generated by OpenROM.</p>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void items(StringBuilder sb, List<ItemResponse> items, String none) {
        if (items.isEmpty()) {
            sb.append("<p class=\"muted\">").append(none).append("</p>\n");
            return;
        }
        sb.append("<table>\n<tr><th>questionnaire</th><th>item</th><th>answer</th><th>session</th></tr>\n");
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
        StringBuilder sb = new StringBuilder();
        sb.append("# Routine outcome monitoring report\n\n");
        sb.append("Patient **").append(md(r.patientId())).append("**");
        if (!r.groupId().isEmpty()) {
            sb.append(" · group ").append(md(r.groupId()));
        }
        sb.append(" · session ").append(r.occasion()).append(" · **").append(Text.status(r.status().name())).append("**\n\n");
        if (!r.reasons().isEmpty()) {
            sb.append("## Why Not On Track\n\n");
            for (Finding f : r.reasons()) {
                sb.append("- ").append(md(f.sentence())).append('\n');
            }
            sb.append('\n');
        }
        sb.append("## Trajectories\n\n");
        for (Trajectory t : r.trajectories()) {
            sb.append("**").append(md(t.label())).append("** (").append(md(t.rule())).append(")\n\n| session | score | status |\n|---|---|---|\n");
            for (var p : t.points()) {
                sb.append("| ").append(p.occasion()).append(" | ").append(Text.num(p.score())).append(" | ")
                        .append(Text.status(p.status())).append(" |\n");
            }
            sb.append('\n');
        }
        sb.append("## Possible needs\n\n");
        if (r.needs().needs().isEmpty()) {
            sb.append("No need is indicated by the ROM data.\n\n");
        }
        for (RaisedNeed n : r.needs().needs()) {
            sb.append(n.rank()).append(". **").append(md(taxonomy().subtheme(n.subtheme()).label(language))).append("** (")
                    .append(md(taxonomy().theme(n.theme()).map(t -> t.label(language)).orElse(n.theme()))).append(")")
                    .append(n.confirmed() ? " — confirmed by clinician" : "").append('\n');
            for (Evidence e : n.evidence()) {
                sb.append("   - ").append(md(e.sentence())).append('\n');
            }
            for (ClinicianNeed c : n.confirmations()) {
                sb.append("   - Recorded by a clinician at session ").append(c.occasion())
                        .append(c.note().isEmpty() ? "" : ": " + md(c.note())).append('\n');
            }
        }
        sb.append("\n## Candidate add-on interventions\n\n");
        for (CandidateIntervention c : r.needs().interventions()) {
            sb.append("- **").append(md(intervention(c.intervention()))).append("** for ").append(md(subthemes(c.serves())))
                    .append('\n');
        }
        if (r.needs().interventions().isEmpty()) {
            sb.append("None indicated.\n");
        }
        sb.append("\n## Negative responses\n\n");
        mdItems(sb, r.negativeResponses(), "No item at the worse end of its range.");
        sb.append("## Life events reported\n\n");
        mdItems(sb, r.lifeEvents(), "No life event reported.");
        sb.append("## Patient comments\n\n");
        if (r.comments().isEmpty()) {
            sb.append("No comments.\n\n");
        }
        for (PatientComment c : r.comments()) {
            sb.append("- Session ").append(c.occasion()).append(" (").append(md(c.instrument())).append("): ")
                    .append(md(c.text())).append('\n');
        }
        sb.append("\nNeeds are hypotheses drawn from ROM data, never a diagnosis. Taxonomy ").append(md(r.needs().taxonomy()))
                .append("; evidence rules ").append(md(r.needs().evidenceRules())).append(".\n");
        return sb.toString();
    }

    private static void mdItems(StringBuilder sb, List<ItemResponse> items, String none) {
        if (items.isEmpty()) {
            sb.append(none).append("\n\n");
            return;
        }
        sb.append("| questionnaire | item | answer | session |\n|---|---|---|---|\n");
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
     * @param links patient id → relative link to that patient's report (may be empty)
     * @return a complete XHTML document
     */
    public String groupOverview(String groupId, List<NotReport> reports, Map<String, String> links) {
        Map<String, String> l = new LinkedHashMap<>(links);
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(h(language)).append("\">\n");
        sb.append("<head><meta charset=\"utf-8\"/><title>Group ").append(h(groupId)).append("</title><style>").append(CSS)
                .append("</style></head>\n<body>\n<h1>Group ").append(h(groupId)).append("</h1>\n");
        long not = reports.stream().filter(r -> r.status().name().equals("NOT_ON_TRACK")).count();
        sb.append("<p>").append(reports.size()).append(" patients · ").append(not).append(" Not On Track</p>\n");
        sb.append("<table>\n<tr><th>patient</th><th>session</th><th>status</th><th>trajectory</th><th>top need</th></tr>\n");
        for (NotReport r : reports) {
            String id = h(r.patientId());
            String link = l.get(r.patientId());
            sb.append("<tr><td>").append(link == null ? id : "<a href=\"" + Encode.forHtmlAttribute(link) + "\">" + id + "</a>")
                    .append("</td><td>").append(r.occasion()).append("</td><td><span class=\"badge ")
                    .append(r.status().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                    .append(h(Text.status(r.status().name()))).append("</span></td><td>")
                    .append(r.trajectories().isEmpty() ? "" : TrajectoryChart.sparkline(r.trajectories().get(0), 160, 40))
                    .append("</td><td>").append(r.needs().needs().isEmpty() ? "—"
                            : h(taxonomy().subtheme(r.needs().needs().get(0).subtheme()).label(language)))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n</body>\n</html>\n");
        return sb.toString();
    }
}
