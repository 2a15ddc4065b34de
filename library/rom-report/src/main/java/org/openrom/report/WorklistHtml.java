package org.openrom.report;

import java.util.Map;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.worklist.Attention;
import org.openrom.core.worklist.Worklist;
import org.openrom.core.worklist.WorklistRow;

/**
 * The clinician's worklist page: who needs attention today, ranked, each patient a card that reads at 400 px (no
 * table to scroll), with the reason in one line, the rule and its version, since when, last seen, the open alerts in
 * the clinic's wording and who acknowledged what. Part of {@link ReportRenderer}.
 */
final class WorklistHtml extends PageText {
    WorklistHtml(Settings settings) {
        super(settings);
    }

    String worklist(Worklist w, String title, Map<String, String> links, String groups) {
        java.util.Objects.requireNonNull(w, "worklist");
        java.util.Objects.requireNonNull(title, "title");
        java.util.Objects.requireNonNull(links, "links");
        StringBuilder sb = new StringBuilder();
        String heading = h(ui.get("worklist.title")) + (title.isEmpty() ? "" : " · " + h(title));
        sb.append(head(language, heading));
        sb.append("<header class=\"summary\" id=\"summary\">\n<h1>").append(heading).append("</h1>\n<p class=\"headline\">")
                .append(h(headline(w))).append("</p>\n");
        String g = groups == null ? null : GroupHtml.safeLink(groups);
        if (g != null) {
            sb.append("<nav><p><a href=\"").append(h(g)).append("\">").append(h(ui.get("worklist.groups"))).append("</a></p></nav>\n");
        }
        sb.append("</header>\n<main>\n");
        if (w.rows().isEmpty()) {
            sb.append("<p class=\"empty\">").append(h(ui.format("worklist.nobody", w.considered()))).append("</p>\n");
        } else {
            sb.append("<ol class=\"worklist\">\n");
            for (WorklistRow r : w.rows()) {
                row(sb, r, GroupHtml.safeLink(links.get(r.patientId())));
            }
            sb.append("</ol>\n");
        }
        sb.append("<p class=\"muted\">").append(h(ui.get("worklist.order"))).append("</p>\n</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** "3 of 16 patients need attention: 1 safety alert, 2 not on track, …" with the counts by first reason. */
    private String headline(Worklist w) {
        StringBuilder s = new StringBuilder(ui.format("worklist.headline", w.rows().size(), w.considered()));
        String sep = ": ";
        for (Attention a : Attention.values()) {
            long n = w.rows().stream().filter(r -> r.first() == a).count();
            if (n > 0) {
                s.append(sep).append(n).append(' ').append(ui.get("worklist.count." + a.code()));
                sep = ", ";
            }
        }
        return s.toString();
    }

    private void row(StringBuilder sb, WorklistRow r, String link) {
        boolean alert = r.first() == Attention.SAFETY_ALERT;
        sb.append("<li class=\"wl ").append(r.first().code()).append("\">");
        sb.append("<p class=\"who\"><span class=\"badge ").append(alert ? "not_on_track" : r.first().code().contains("not")
                ? "not_on_track" : "missed").append("\">").append(alert ? "⚠ " : "").append(h(ui.get("worklist.count."
                + r.first().code()))).append("</span> ");
        String name = h(ui.get("patient")) + " " + h(r.patientId());
        sb.append(link == null ? "<strong>" + name + "</strong>" : "<a href=\"" + h(link) + "\"><strong>" + name
                + "</strong></a>");
        r.groupId().ifPresent(g -> sb.append(" · ").append(h(ui.get("group"))).append(' ').append(h(g)));
        sb.append("</p>\n<p class=\"reason\">").append(h(reason(r))).append("</p>\n<p class=\"meta\">");
        sb.append(h(ui.format("worklist.lastSeen", r.lastSeen() < 0 ? "?" : String.valueOf(r.lastSeen()))));
        if (r.groupSession() >= 0) {
            sb.append(" · ").append(h(ui.format("worklist.groupAt", r.groupSession())));
        }
        r.rule().ifPresent(rule -> sb.append(" · ").append(h(ruleName(rule.spec()))).append(" (v").append(h(rule.version()))
                .append(')'));
        if (r.attention().size() > 1) {
            sb.append(" · ").append(h(ui.get("worklist.also"))).append(' ');
            for (int i = 1; i < r.attention().size(); i++) {
                sb.append(i == 1 ? "" : ", ").append(h(ui.get("worklist.count." + r.attention().get(i).code())));
            }
        }
        sb.append("</p>\n");
        if (!r.alerts().isEmpty()) {
            sb.append("<ul class=\"open-alerts\">");
            for (SafetyAlert a : r.alerts()) {
                sb.append("<li><strong>").append(h(ui.get("alerts.severity." + a.severity().code()))).append("</strong> · ")
                        .append(h(alertText(a))).append("</li>");
            }
            sb.append("</ul>\n");
        }
        for (var t : r.acknowledged()) {
            sb.append("<p class=\"ack muted\">").append(h(acknowledgedText(t))).append("</p>\n");
        }
        sb.append("</li>\n");
    }

    /** The first reason in one line, in the page's language. */
    String reason(WorklistRow r) {
        return switch (r.first()) {
            case SAFETY_ALERT -> ui.format(r.alerts().size() > 1 ? "worklist.reason.alerts" : "worklist.reason.alert",
                    r.since(), r.alerts().size());
            case NEWLY_NOT -> ui.format("worklist.reason.newly", r.since(), ruleName(r.rule().orElseThrow().spec()));
            case PERSISTENTLY_NOT -> ui.format("worklist.reason.persistently", r.notInARow(), r.since(),
                    ruleName(r.rule().orElseThrow().spec()));
            case ABSENT -> ui.format("worklist.reason.absent", r.since(), r.groupSession() - r.lastSeen());
            case MEASURES_OVERDUE -> ui.format("worklist.reason.overdue", r.since());
        };
    }
}
