package org.openrom.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openrom.core.report.NotReport;
import org.owasp.encoder.Encode;

/**
 * A therapy group's pages: the overview of its members and the session page with the group climate. Part of
 * {@link ReportRenderer}.
 */
final class GroupHtml extends PageText {
    GroupHtml(Settings settings) {
        super(settings);
    }

    String groupOverview(String groupId, List<NotReport> reports, Map<String, String> links) {
        java.util.Objects.requireNonNull(reports, "reports");
        int session = reports.stream().mapToInt(NotReport::occasion).max().orElse(0);
        return groupPage(groupId, session, reports, links, null, null);
    }

    /** A member's status at one session: the worst of its rules there, or MISSED, or "" before its first. */
    private static String statusAt(NotReport r, int o) {
        if (r.missed().contains(o)) {
            return "MISSED";
        }
        String best = "";
        for (var st : r.strips()) {
            var s = st.at(o);
            if (s == org.openrom.core.track.TrackStatus.NOT_ON_TRACK) {
                return s.name();
            }
            if (s == org.openrom.core.track.TrackStatus.ON_TRACK || s != null && best.isEmpty()) {
                best = s.name();
            }
        }
        return best;
    }

    /** @return how many sessions in a row, ending at the report's session, the member missed */
    static int missedInARow(NotReport r) {
        int n = 0;
        for (int o = r.occasion(); r.missed().contains(o); o--) {
            n++;
        }
        return n;
    }

    String groupPage(String groupId, int session, List<NotReport> reports, Map<String, String> links,
            String previous, String next) {
        return groupPage(groupId, session, reports, links, previous, next, null);
    }

    String groupPage(String groupId, int session, List<NotReport> reports, Map<String, String> links,
            String previous, String next, org.openrom.core.report.GroupClimate climate) {
        java.util.Objects.requireNonNull(groupId, "groupId");
        java.util.Objects.requireNonNull(reports, "reports");
        Map<String, String> l = new LinkedHashMap<>(java.util.Objects.requireNonNull(links, "links"));
        StringBuilder sb = new StringBuilder();
        String title = h(ui.get("groupTitle")) + " " + h(groupId) + " · " + h(ui.format("group.session", session));
        sb.append(head(language, title));
        alertsBlock(sb, reports.stream().flatMap(x -> x.alerts().stream()).toList(), "patient");
        header(sb, title, reports, safeLink(previous), safeLink(next));
        int first = firstSession(reports, session);
        grid(sb, reports, l, first, session);
        totals(sb, reports, first, session);
        sb.append("</tr>\n</table></div>\n</section>\n");
        if (climate != null) {
            climate(sb, climate);
        }
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** The page's header: navigation, the share not on track, the members at risk of dropping out. */
    private void header(StringBuilder sb, String title, List<NotReport> reports, String prev, String nxt) {
        sb.append("<header class=\"summary\" id=\"summary\">\n<h1>").append(title).append("</h1>\n");
        if (prev != null || nxt != null) {
            sb.append("<nav><p>");
            if (prev != null) {
                sb.append("<a href=\"").append(Encode.forHtmlAttribute(prev)).append("\">← ").append(h(ui.get("group.previous")))
                        .append("</a>");
            }
            if (nxt != null) {
                sb.append(prev != null ? " · " : "").append("<a href=\"").append(Encode.forHtmlAttribute(nxt)).append("\">")
                        .append(h(ui.get("group.next"))).append(" →</a>");
            }
            sb.append("</p></nav>\n");
        }
        // the headline's categories are the grid's "now" column: absent, else the status at this session
        long not = reports.stream().filter(NotReport::notOnTrackNow).count();
        long absent = reports.stream().filter(NotReport::absentNow).count();
        long on = reports.stream().filter(r -> !r.absentNow() && r.status() == org.openrom.core.track.TrackStatus.ON_TRACK)
                .count();
        long other = reports.size() - not - absent - on;
        sb.append("<p class=\"share\">").append(h(ui.format("group.counts", reports.size(), not, absent, on)
                + (other > 0 ? ui.format("group.countsOther", other) : ""))).append("</p>\n");
        List<String> atRisk = new java.util.ArrayList<>();
        for (NotReport r : reports) {
            if (missedInARow(r) >= dropoutAfter) {
                atRisk.add(r.patientId() + " (" + ui.format("group.dropoutRisk", missedInARow(r)) + ")");
            }
        }
        for (String a : atRisk) {
            sb.append("<p class=\"absent\"><span class=\"badge missed\">○</span> ").append(h(a)).append("</p>\n");
        }
        sb.append("<p class=\"muted\">").append(h(ui.format("group.dropoutNote", dropoutAfter))).append("</p>\n</header>\n<main>\n");
    }

    /** The first session any member has a status or a missed session at, at most {@code session}. */
    private static int firstSession(List<NotReport> reports, int session) {
        int first = session;
        for (NotReport r : reports) {
            for (var st : r.strips()) {
                for (int o : st.occasions()) {
                    first = Math.min(first, o);
                }
            }
            for (int m : r.missed()) {
                first = Math.min(first, m);
            }
        }
        return first;
    }

    /**
     * The members × sessions grid, newest session first so that it is in view at any width: each member with a warning
     * mark while an alert is open, the status now with the top need under it.
     */
    private void grid(StringBuilder sb, List<NotReport> reports, Map<String, String> l, int first, int session) {
        sb.append("<section>\n<h2>").append(h(ui.get("group.grid"))).append("</h2>\n<p class=\"muted\">")
                .append(h(ui.get("strips.note"))).append(" · ").append(h(ui.get("group.newestFirst")))
                .append("</p>\n<div class=\"scroll\"><table class=\"grid\">\n<tr><th>")
                .append(h(ui.get("th.patient"))).append("</th><th>").append(h(ui.get("group.current"))).append("</th>");
        for (int o = session; o >= first; o--) {
            sb.append("<th>").append(o).append("</th>");
        }
        sb.append("</tr>\n");
        for (NotReport r : reports) {
            String id = h(r.patientId());
            String link = safeLink(l.get(r.patientId()));
            String mark = r.alerts().isEmpty() ? "" : "<span class=\"alert-mark\" role=\"img\" aria-label=\""
                    + h(ui.get("alerts.one")) + "\" title=\"" + h(ui.get("alerts.one")) + "\">⚠</span> ";
            sb.append("<tr").append(r.alerts().isEmpty() ? "" : " class=\"has-alert\"").append("><th>").append(mark)
                    .append(link == null ? id : "<a href=\"" + Encode.forHtmlAttribute(link) + "\">" + id + "</a>")
                    .append("</th><td class=\"need\">").append(r.absentNow() ? "<span class=\"badge missed\">○ "
                            + h(ui.format("group.absentSince", r.lastAttended() + 1)) + "</span>" : badge(r.status().name()))
                    .append("<br/><span class=\"muted\">").append(h(ui.get("th.topNeed"))).append(": ")
                    .append(r.needs().needs().isEmpty() ? "—"
                            : h(taxonomy().subtheme(r.needs().needs().get(0).subtheme()).label(language))).append("</span></td>");
            for (int o = session; o >= first; o--) {
                String st = statusAt(r, o);
                if (st.isEmpty()) {
                    sb.append("<td></td>");
                } else {
                    String cls = st.equals("MISSED") ? "missed" : st.toLowerCase(java.util.Locale.ROOT);
                    sb.append("<td class=\"").append(cls).append("\" title=\"").append(Encode.forHtmlAttribute(ui.get("Session")
                            + " " + o + ": " + (st.equals("MISSED") ? ui.get("legend.missed") : ui.status(st)))).append("\">")
                            .append(symbol(st)).append("</td>");
                }
            }
            sb.append("</tr>\n");
        }
    }

    /** Per session: the share of attending members not on track, and the number attending. */
    private void totals(StringBuilder sb, List<NotReport> reports, int first, int session) {
        sb.append("<tr><th colspan=\"2\">").append(h(ui.get("group.shareNot"))).append("</th>");
        for (int o = session; o >= first; o--) {
            int attending = 0;
            int notHere = 0;
            for (NotReport r : reports) {
                String st = statusAt(r, o);
                if (!st.isEmpty() && !st.equals("MISSED")) {
                    attending++;
                    notHere += st.equals("NOT_ON_TRACK") ? 1 : 0;
                }
            }
            sb.append("<td>").append(attending == 0 ? "—" : Math.round(100.0 * notHere / attending) + "%").append("</td>");
        }
        sb.append("</tr>\n<tr><th colspan=\"2\">").append(h(ui.get("group.attended"))).append("</th>");
        for (int o = session; o >= first; o--) {
            int attending = 0;
            for (NotReport r : reports) {
                String st = statusAt(r, o);
                attending += !st.isEmpty() && !st.equals("MISSED") ? 1 : 0;
            }
            sb.append("<td>").append(attending).append("</td>");
        }
    }

    private String num2(double v) {
        return Double.isNaN(v) ? "—" : ui.num(Math.round(v * 100) / 100.0);
    }

    private String signed(double v) {
        return Double.isNaN(v) ? "—" : (v > 0 ? "+" : v < 0 ? "−" : "±") + ui.num(Math.round(Math.abs(v) * 100) / 100.0);
    }

    private void climate(StringBuilder sb, org.openrom.core.report.GroupClimate c) {
        var o = c.options();
        sb.append("<section>\n<h2>").append(h(ui.get("climate"))).append("</h2>\n<p>")
                .append(h(ui.format("climate.criterion", ui.num(o.drop()), o.baselineSessions(), ui.num(o.percentile()),
                        o.minReference()))).append("</p>\n");
        List<org.openrom.core.report.GroupClimate.MemberPosition> flagged = c.possibleRuptures();
        if (flagged.isEmpty()) {
            sb.append("<p class=\"muted\">").append(h(ui.get("climate.none"))).append("</p>\n");
        }
        for (var m : flagged) {
            sb.append("<p class=\"rupture\"><span class=\"badge not_on_track\">⚑</span> ").append(h(m.patientId())).append(": ")
                    .append(h(scaleLabel(m.scale(), c.labels().get(m.scale())))).append(' ').append(num2(m.value())).append(" — ")
                    .append(h(m.dropFromBaseline() ? ui.format("climate.drop", num2(m.worseningFromBaseline()),
                            num2(m.baseline())) : "")).append(m.dropFromBaseline() && m.lowAgainstService() ? "; " : "")
                    .append(h(m.lowAgainstService() ? ui.format("climate.low", num2(m.referenceThreshold())) : ""))
                    .append("</p>\n");
        }
        sb.append("<h3>").append(h(ui.format("climate.members", c.session()))).append("</h3>\n<div class=\"scroll\"><table>\n<tr><th>")
                .append(h(ui.get("th.patient"))).append("</th>");
        for (Map.Entry<String, String> label : c.labels().entrySet()) {
            sb.append("<th>").append(h(scaleLabel(label.getKey(), label.getValue()))).append("</th>");
        }
        sb.append("</tr>\n");
        List<String> ids = c.members().stream().map(m -> m.patientId()).distinct().toList();
        for (String id : ids) {
            sb.append("<tr><th>").append(h(id)).append("</th>");
            for (String scale : c.labels().keySet()) {
                var m = c.members().stream().filter(x -> x.patientId().equals(id) && x.scale().equals(scale)).findFirst();
                sb.append("<td>").append(m.map(x -> (x.possibleRupture() ? "⚑ " : "") + num2(x.value()) + " ("
                        + ui.get("climate.vsGroup") + " " + signed(x.fromGroupMean()) + ", " + ui.get("climate.vsOwn") + " "
                        + signed(Double.isNaN(x.worseningFromBaseline()) ? Double.NaN : -x.worseningFromBaseline()) + ")")
                        .map(PageText::h).orElse("—")).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table></div>\n<p class=\"muted\">").append(h(ui.get("climate.signs"))).append("</p>\n<h3>")
                .append(h(ui.get("climate.sessions"))).append("</h3>\n<div class=\"scroll\"><table>\n<tr><th>")
                .append(h(ui.get("th.session"))).append("</th>");
        for (Map.Entry<String, String> label : c.labels().entrySet()) {
            sb.append("<th>").append(h(scaleLabel(label.getKey(), label.getValue()))).append("</th>");
        }
        sb.append("</tr>\n");
        List<Integer> sessions = c.sessions().stream().map(s -> s.session()).distinct().sorted().toList();
        for (int s : sessions) {
            sb.append("<tr><td>").append(s).append("</td>");
            for (String scale : c.labels().keySet()) {
                var x = c.sessions().stream().filter(y -> y.session() == s && y.scale().equals(scale)).findFirst();
                sb.append("<td>").append(x.map(y -> num2(y.mean()) + " ± " + num2(y.sd()) + " (n " + y.n() + ")").map(PageText::h)
                        .orElse("—")).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table></div>\n</section>\n");
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
