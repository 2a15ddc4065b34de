package org.openrom.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openrom.core.needs.CandidateIntervention;
import org.openrom.core.needs.ClinicianNeed;
import org.openrom.core.needs.Evidence;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.report.ItemResponse;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.PatientComment;
import org.openrom.core.report.Trajectory;
import org.owasp.encoder.Encode;

/**
 * A patient's NOT report as one self-contained HTML page. Part of {@link ReportRenderer}.
 */
final class PatientHtml extends PageText {
    PatientHtml(Settings settings) {
        super(settings);
    }

    /**
     * The evidence of every need, each observation once, in order of first mention: two evidence rules that fire
     * on the same observation (the same sentence about the same item or scale at the same session) are one piece
     * of evidence, shown with the first rule's rationale.
     */
    private static List<Evidence> distinctEvidence(NotReport r) {
        List<Evidence> out = new java.util.ArrayList<>();
        for (RaisedNeed n : r.needs().needs()) {
            for (Evidence e : n.evidence()) {
                if (indexOf(out, e) < 0) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static int indexOf(List<Evidence> list, Evidence e) {
        for (int i = 0; i < list.size(); i++) {
            Evidence x = list.get(i);
            if (x.kind().equals(e.kind()) && x.reference().equals(e.reference()) && x.occasion() == e.occasion()
                    && x.sentence().equals(e.sentence())) {
                return i;
            }
        }
        return -1;
    }

    String html(NotReport report) {
        java.util.Objects.requireNonNull(report, "report");
        NotReport r = localise(report);
        StringBuilder sb = new StringBuilder();
        String status = r.status().name();
        sb.append(head(language, h(ui.get("title")) + ": " + h(ui.get("patient").toLowerCase(java.util.Locale.ROOT)) + " "
                + h(r.patientId()) + ", " + h(ui.get("session")) + " " + r.occasion()));
        // safety first: a critical item's alert comes before the summary, whatever the status
        alertsBlock(sb, r.alerts(), null);
        summary(sb, r, status);
        acknowledgedBlock(sb, r.acknowledgedAlerts());
        trajectories(sb, r);
        strips(sb, r);
        List<Evidence> evidence = distinctEvidence(r);
        needs(sb, r, evidence);
        evidence(sb, evidence);
        interventions(sb, r);
        closing(sb, r);
        return sb.toString();
    }

    /** Everything a therapist needs in a minute, within the first screen. */
    private void summary(StringBuilder sb, NotReport r, String status) {
        // the summary: everything a therapist needs in a minute, within the first screen
        sb.append("<header class=\"summary\" id=\"summary\">\n<h1>").append(h(ui.get("patient"))).append(' ')
                .append(h(r.patientId())).append(" · ").append(h(ui.get("Session"))).append(' ').append(r.occasion())
                .append("</h1>\n<p class=\"meta\">").append(h(ui.get("heading")));
        if (!r.groupId().isEmpty()) {
            sb.append(" · ").append(h(ui.get("group"))).append(' ').append(h(r.groupId()));
        }
        sb.append("</p>\n<p class=\"status\">").append(badge(status));
        if (r.status() == org.openrom.core.track.TrackStatus.NOT_ON_TRACK && r.notSince() >= 0) {
            sb.append(' ').append(h(ui.format("summary.since", r.notSince()))).append(" · ").append(h(r.persistent()
                    ? ui.format("summary.persistent", r.consecutiveNot()) : ui.get("summary.notPersistent")));
        }
        sb.append("</p>\n");
        if (r.absentNow()) {
            sb.append("<p class=\"absent\"><span class=\"badge missed\">○</span> ")
                    .append(h(ui.format("summary.absent", r.occasion(), r.lastAttended()))).append("</p>\n");
        }
        sb.append("<p class=\"why\"><strong>").append(h(ui.get("summary.why"))).append(":</strong> ");
        if (r.reasons().isEmpty()) {
            sb.append(h(r.status() == org.openrom.core.track.TrackStatus.INSUFFICIENT_DATA ? ui.get("summary.insufficientWhy")
                    : ui.get("summary.onTrackWhy")));
        } else {
            for (int i = 0; i < r.reasons().size(); i++) {
                sb.append(i == 0 ? "" : " ").append(h(sentence(reason(r.reasons().get(i)))));
            }
        }
        sb.append(' ').append(h(ui.format("summary.byRule", ruleName(r.statusRule())))).append("</p>\n");
        sb.append("<p class=\"top-needs\"><strong>").append(h(ui.get("summary.topNeeds"))).append(":</strong> ");
        List<RaisedNeed> top = r.needs().needs().subList(0, Math.min(3, r.needs().needs().size()));
        if (top.isEmpty()) {
            sb.append(h(ui.get("summary.noNeeds")));
        }
        for (int i = 0; i < top.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(h(taxonomy().subtheme(top.get(i).subtheme()).label(language)));
        }
        sb.append("</p>\n");
        List<CandidateIntervention> addons = new java.util.ArrayList<>();
        for (CandidateIntervention c : r.needs().interventions()) {
            if (c.serves().stream().anyMatch(s -> top.stream().anyMatch(n -> n.subtheme().equals(s)))) {
                addons.add(c);
            }
        }
        if (!addons.isEmpty()) {
            sb.append("<p class=\"addons\"><strong>").append(h(ui.get("summary.addons"))).append(":</strong> ");
            for (int i = 0; i < addons.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(h(intervention(addons.get(i).intervention())));
            }
            sb.append("</p>\n");
        }
        sb.append("<p class=\"attendance\">").append(h(r.missed().isEmpty() ? ui.get("summary.noMissed")
                : ui.get("summary.missed") + ": " + join(r.missed()))).append("</p>\n</header>\n<main>\n");
    }

    /** Each scale's chart and its scores. */
    private void trajectories(StringBuilder sb, NotReport r) {
        sb.append("<section>\n<h2>").append(h(ui.get("trajectories"))).append("</h2>\n");
        for (int ti = 0; ti < r.trajectories().size(); ti++) {
            Trajectory t = r.trajectories().get(ti);
            // the caption above the chart: what scale, by which rule, where the patient stands against baseline
            String change = change(t);
            sb.append("<figure><figcaption><strong>").append(h(t.label())).append("</strong> (").append(h(ruleName(t.rule())))
                    .append("). ").append(change.isEmpty() ? "" : h(change) + " ").append(h(TrajectoryChart.orientation(t, ui)))
                    .append("</figcaption>").append(TrajectoryChart.svg(t, r.comments(), r.missed(), 400, 210, ui, "chart" + ti,
                            ruleName(t.rule()), threshold(t))).append("</figure>\n");
            sb.append(legend(t, !r.missed().isEmpty()));
            sb.append("<h3>").append(h(ui.get("scores"))).append(": ").append(h(t.label())).append("</h3>\n<table class=\"scores\">\n")
                    .append(headerRow("th.session", "th.score", "th.status"));
            for (var p : t.points()) {
                sb.append("<tr><td>").append(p.occasion()).append("</td><td>").append(ui.num(p.score())).append("</td><td>")
                        .append(p.status().isEmpty() ? "—" : symbol(p.status()) + " " + h(ui.status(p.status())))
                        .append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("</section>\n");
    }

    /** Each rule's status at every session, as a strip of symbols. */
    private void strips(StringBuilder sb, NotReport r) {
        sb.append("<section>\n<h2>").append(h(ui.get("strips"))).append("</h2>\n<p class=\"muted\">")
                .append(h(ui.get("strips.note"))).append("</p>\n");
        int firstOcc = Integer.MAX_VALUE;
        for (var st : r.strips()) {
            for (int o : st.occasions()) {
                firstOcc = Math.min(firstOcc, o);
            }
        }
        for (int m : r.missed()) {
            firstOcc = Math.min(firstOcc, m);
        }
        for (var st : r.strips()) {
            sb.append("<h3>").append(h(ruleName(st.rule()))).append("</h3>\n<ol class=\"strip\">");
            for (int o = firstOcc == Integer.MAX_VALUE ? r.occasion() : firstOcc; o <= r.occasion(); o++) {
                var s = st.at(o);
                String name = s == null ? (r.missed().contains(o) ? "MISSED" : "") : s.name();
                if (name.isEmpty()) {
                    continue;
                }
                String cls = name.equals("MISSED") ? "missed" : name.toLowerCase(java.util.Locale.ROOT);
                String word = name.equals("MISSED") ? ui.get("legend.missed") : ui.status(name);
                sb.append("<li class=\"").append(cls).append("\" title=\"").append(Encode.forHtmlAttribute(ui.get("Session") + " "
                        + o + ": " + word)).append("\"><span class=\"n\">").append(o).append("</span>").append(symbol(name))
                        .append("</li>");
            }
            sb.append("</ol>\n");
        }
        sb.append("</section>\n");
    }

    /** The possible needs, each with references to the evidence that supports it. */
    private void needs(StringBuilder sb, NotReport r, List<Evidence> evidence) {
        sb.append("<section>\n<h2>").append(h(ui.get("needs"))).append("</h2>\n");
        if (r.needs().needs().isEmpty()) {
            sb.append("<p class=\"muted\">").append(h(ui.get("noNeed"))).append("</p>\n");
        } else {
            sb.append("<ol class=\"needs\">\n");
            for (RaisedNeed n : r.needs().needs()) {
                var st = taxonomy().subtheme(n.subtheme());
                String theme = taxonomy().theme(n.theme()).map(t -> t.label(language)).orElse(n.theme());
                sb.append("<li><strong>").append(h(st.label(language))).append("</strong> <span class=\"muted\">(")
                        .append(h(theme)).append(")</span>");
                if (n.confirmed()) {
                    sb.append(" <span class=\"badge on_track\">✓ ").append(h(ui.get("confirmed"))).append("</span>");
                }
                if (!n.evidence().isEmpty()) {
                    sb.append(" <span class=\"ref\">— ").append(h(ui.get("supportedBy"))).append(' ');
                    List<Integer> refs = new java.util.ArrayList<>();
                    for (Evidence e : n.evidence()) {
                        int k = indexOf(evidence, e) + 1;
                        if (!refs.contains(k)) {
                            refs.add(k);
                        }
                    }
                    for (int i = 0; i < refs.size(); i++) {
                        sb.append(i == 0 ? "" : ", ").append("<a href=\"#e").append(refs.get(i)).append("\">E")
                                .append(refs.get(i)).append("</a>");
                    }
                    sb.append("</span>");
                }
                for (ClinicianNeed c : n.confirmations()) {
                    sb.append("<br/><span class=\"muted\">").append(h(ui.get("recordedAt"))).append(' ').append(c.occasion())
                            .append(c.note().isEmpty() ? "" : ": " + h(c.note())).append("</span>");
                }
                sb.append("</li>\n");
            }
            sb.append("</ol>\n");
        }
    }

    /** The numbered evidence the needs refer to. */
    private void evidence(StringBuilder sb, List<Evidence> evidence) {
        if (!evidence.isEmpty()) {
            sb.append("<h3>").append(h(ui.get("evidence"))).append("</h3>\n<ol class=\"evidence-list\">\n");
            for (int i = 0; i < evidence.size(); i++) {
                Evidence e = evidence.get(i);
                String why = rationale(e.rule());
                sb.append("<li id=\"e").append(i + 1).append("\"><strong>E").append(i + 1).append("</strong> ")
                        .append(h(evidence(e))).append(why.isEmpty() ? "" : " <span class=\"muted\">— " + h(why) + "</span>")
                        .append("</li>\n");
            }
            sb.append("</ol>\n");
        }
    }

    /** The candidate add-on interventions and the needs each serves. */
    private void interventions(StringBuilder sb, NotReport r) {
        sb.append("<h3>").append(h(ui.get("interventions"))).append("</h3>\n");
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
    }

    /** Negative responses, life events, the patient's comments, and what the page is based on. */
    private void closing(StringBuilder sb, NotReport r) {
        sb.append("</section>\n<section>\n<h2>").append(h(ui.get("negative"))).append("</h2>\n");
        groupedItems(sb, r.negativeResponses(), ui.get("noNegative"));
        sb.append("</section>\n<section>\n<h2>").append(h(ui.get("lifeEvents"))).append("</h2>\n");
        items(sb, r.lifeEvents(), ui.get("noLifeEvents"));
        sb.append("</section>\n<section>\n<h2>").append(h(ui.get("comments"))).append("</h2>\n");
        if (r.comments().isEmpty()) {
            sb.append("<p class=\"muted\">").append(h(ui.get("noComments"))).append("</p>\n");
        }
        for (PatientComment c : r.comments()) {
            sb.append("<p class=\"muted\">").append(h(ui.get("Session"))).append(' ').append(c.occasion()).append(", ").append(h(instrumentName(c.instrument(), c.instrument())))
                    .append("</p><blockquote>").append(h(c.text())).append("</blockquote>\n");
        }
        sb.append("</section>\n<section>\n<h2>").append(h(ui.get("about"))).append("</h2>\n<p class=\"muted\">")
                .append(h(ui.get("aboutNeeds"))).append(' ').append(h(ui.get("taxonomy"))).append(' ')
                .append(h(r.needs().taxonomy())).append("; ").append(h(ui.get("evidenceRules"))).append(' ')
                .append(h(r.needs().evidenceRules())).append(".</p>\n<p class=\"muted\">").append(h(ui.get("aboutRules")))
                .append(":</p>\n<ul class=\"muted\">\n");
        for (var st : r.strips()) {
            sb.append("<li>").append(h(ruleName(st.rule()))).append(": <code>").append(h(st.rule())).append("</code></li>\n");
        }
        sb.append("</ul>\n<p class=\"muted\">").append(h(ui.get("generated"))).append("</p>\n</section>\n</main>\n</body>\n</html>\n");
    }

    private void groupedItems(StringBuilder sb, List<ItemResponse> items, String none) {
        if (items.isEmpty()) {
            sb.append("<p class=\"muted\">").append(h(none)).append("</p>\n");
            return;
        }
        Map<String, List<ItemResponse>> by = new LinkedHashMap<>();
        for (ItemResponse i : items) {
            by.computeIfAbsent(i.instrumentName(), k -> new java.util.ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<ItemResponse>> e : by.entrySet()) {
            sb.append("<h3>").append(h(e.getKey())).append(" <span class=\"muted\">(").append(h(ui.get("Session")))
                    .append(' ').append(e.getValue().get(0).occasion()).append(")</span></h3>\n<table>\n")
                    .append(headerRow("th.item", "th.answer"));
            for (ItemResponse i : e.getValue()) {
                sb.append("<tr><td>").append(h(i.topic())).append("</td><td>").append(i.value()).append(" (").append(i.min())
                        .append("–").append(i.max()).append(")</td></tr>\n");
            }
            sb.append("</table>\n");
        }
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
}
