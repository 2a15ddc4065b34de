package org.openrom.report;

import java.util.List;
import java.util.Objects;
import org.openrom.core.needs.CandidateIntervention;
import org.openrom.core.needs.ClinicianNeed;
import org.openrom.core.needs.Evidence;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.report.ItemResponse;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.PatientComment;
import org.openrom.core.report.Trajectory;
import org.openrom.core.track.Finding;

/**
 * A patient's NOT report as Markdown. Part of {@link ReportRenderer}.
 */
final class PatientMarkdown extends PageText {
    PatientMarkdown(Settings settings) {
        super(settings);
    }

    String markdown(NotReport report) {
        java.util.Objects.requireNonNull(report, "report");
        NotReport r = localise(report);
        StringBuilder sb = new StringBuilder();
        for (org.openrom.core.safety.SafetyAlert a : r.alerts()) {
            sb.append("> **⚠ ").append(ui.get("alerts.severity." + a.severity().code())).append("** · ")
                    .append(md(alertText(a))).append("\n>\n");
        }
        if (!r.alerts().isEmpty()) {
            sb.append('\n');
        }
        sb.append("# ").append(ui.get("heading")).append("\n\n");
        sb.append(ui.get("patient")).append(" **").append(md(r.patientId())).append("**");
        if (!r.groupId().isEmpty()) {
            sb.append(" · ").append(ui.get("group")).append(' ').append(md(r.groupId()));
        }
        sb.append(" · ").append(ui.get("session")).append(' ').append(r.occasion()).append(" · **")
                .append(symbol(r.status().name())).append(' ').append(ui.status(r.status().name())).append("**");
        if (r.status() == org.openrom.core.track.TrackStatus.NOT_ON_TRACK && r.notSince() >= 0) {
            sb.append(' ').append(ui.format("summary.since", r.notSince())).append(" · ").append(r.persistent()
                    ? ui.format("summary.persistent", r.consecutiveNot()) : ui.get("summary.notPersistent"));
        }
        sb.append("\n\n").append(md(ui.format("summary.byRule", ruleName(r.statusRule())))).append(' ');
        if (r.absentNow()) {
            sb.append(md(ui.format("summary.absent", r.occasion(), r.lastAttended()))).append(' ');
        }
        sb.append(md(r.missed().isEmpty() ? ui.get("summary.noMissed") : ui.get("summary.missed") + ": " + join(r.missed())))
                .append("\n\n");
        if (!r.reasons().isEmpty()) {
            sb.append("## ").append(ui.get("why")).append("\n\n");
            for (Finding f : r.reasons()) {
                sb.append("- ").append(md(reason(f))).append('\n');
            }
            sb.append('\n');
        }
        if (!r.acknowledgedAlerts().isEmpty()) {
            sb.append("## ").append(ui.get("alerts.acknowledged")).append("\n\n");
            for (org.openrom.core.safety.TrackedAlert t : r.acknowledgedAlerts()) {
                sb.append("- ").append(md(acknowledgedText(t))).append('\n');
            }
            sb.append('\n');
        }
        trajectories(sb, r);
        needs(sb, r);
        closing(sb, r);
        return sb.toString();
    }

    /** Each scale's scores and statuses as a table. */
    private void trajectories(StringBuilder sb, NotReport r) {
        sb.append("## ").append(ui.get("trajectories")).append("\n\n");
        for (Trajectory t : r.trajectories()) {
            String change = change(t);
            sb.append("**").append(md(t.label())).append("** (").append(md(ruleName(t.rule()))).append("). ")
                    .append(change.isEmpty() ? "" : md(change) + " ").append(md(TrajectoryChart.orientation(t, ui))).append("\n\n| ").append(ui.get("th.session"))
                    .append(" | ").append(ui.get("th.score")).append(" | ").append(ui.get("th.status")).append(" |\n|---|---|---|\n");
            for (var p : t.points()) {
                sb.append("| ").append(p.occasion()).append(" | ").append(ui.num(p.score())).append(" | ")
                        .append(p.status().isEmpty() ? "" : symbol(p.status()) + " ").append(ui.status(p.status())).append(" |\n");
            }
            sb.append('\n');
        }
    }

    /** The possible needs with their evidence, and the candidate add-on interventions. */
    private void needs(StringBuilder sb, NotReport r) {
        sb.append("## ").append(ui.get("needs")).append("\n\n");
        if (r.needs().needs().isEmpty()) {
            sb.append(ui.get("noNeedShort")).append("\n\n");
        }
        for (RaisedNeed n : r.needs().needs()) {
            sb.append(n.rank()).append(". **").append(md(taxonomy().subtheme(n.subtheme()).label(language))).append("** (")
                    .append(md(taxonomy().theme(n.theme()).map(t -> t.label(language)).orElse(n.theme()))).append(")")
                    .append(n.confirmed() ? " — " + ui.get("confirmed") : "").append('\n');
            for (Evidence e : n.evidence()) {
                sb.append("   - ").append(md(evidence(e))).append('\n');
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
    }

    /** Negative responses, life events, the patient's comments, and what the needs are based on. */
    private void closing(StringBuilder sb, NotReport r) {
        sb.append("\n## ").append(ui.get("negative")).append("\n\n");
        mdItems(sb, r.negativeResponses(), ui.get("noNegative"));
        sb.append("## ").append(ui.get("lifeEvents")).append("\n\n");
        mdItems(sb, r.lifeEvents(), ui.get("noLifeEvents"));
        sb.append("## ").append(ui.get("comments")).append("\n\n");
        if (r.comments().isEmpty()) {
            sb.append(ui.get("noComments")).append("\n\n");
        }
        for (PatientComment c : r.comments()) {
            sb.append("- ").append(ui.get("Session")).append(' ').append(c.occasion()).append(" (").append(md(instrumentName(c.instrument(), c.instrument()))).append("): ")
                    .append(md(c.text())).append('\n');
        }
        sb.append('\n').append(ui.get("aboutNeedsShort")).append(' ').append(ui.get("taxonomy")).append(' ')
                .append(md(r.needs().taxonomy())).append("; ").append(ui.get("evidenceRules")).append(' ')
                .append(md(r.needs().evidenceRules())).append(".\n");
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
}
