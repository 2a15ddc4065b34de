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
    private static final String CSS = "*{box-sizing:border-box}body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;"
            + "max-width:920px;margin:0 auto;padding:12px 16px 32px;color:#1f2937;line-height:1.45;font-size:16px}"
            + "h1{font-size:1.35em;margin:4px 0}h2{font-size:1.12em;border-bottom:1px solid #d1d5db;padding-bottom:2px;"
            + "margin-top:26px}h3{font-size:1em;margin:14px 0 4px}p{margin:6px 0}"
            + ".alerts{border:3px solid #8a1c12;border-radius:8px;padding:6px 14px;margin:0 0 10px;background:#fde8e6;"
            + "color:#5b0f08}.alerts h2{margin:4px 0;border:0;color:#5b0f08}.alerts ul{margin:4px 0;padding-left:20px}"
            + ".summary{border:1px solid #d1d5db;border-radius:8px;padding:10px 14px;background:#f9fafb}"
            + ".summary p{margin:5px 0}.meta{color:#4b5563}"
            + ".badge{display:inline-block;padding:1px 9px;border-radius:10px;font-weight:bold;border:1px solid}"
            + ".not_on_track{background:#fde8e6;color:#8a1c12;border-color:#8a1c12}"
            + ".on_track{background:#e3f4e5;color:#14532d;border-color:#14532d}"
            + ".insufficient_data{background:#f3f4f6;color:#374151;border-color:#6b7280}"
            + ".missed{background:#fff;color:#4b5563;border-color:#9ca3af}"
            + ".grid td,.grid th{white-space:nowrap}.grid td.need{white-space:normal;min-width:9em}table{border-collapse:collapse;margin:4px 0}td,th{border:1px solid #d1d5db;padding:3px 8px;text-align:left;"
            + "vertical-align:top}th{background:#f3f4f6}.muted{color:#4b5563;font-size:.92em}"
            + ".scroll{overflow-x:auto;max-width:100%}figure{margin:8px 0}svg.chart{width:100%;height:auto;max-width:700px}"
            + ".legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:4px 0;font-size:.92em}"
            + ".legend li{display:flex;align-items:center;gap:6px}.key{display:inline-block;width:22px;height:12px}"
            + ".strip{display:flex;flex-wrap:wrap;gap:3px;list-style:none;padding:0;margin:2px 0 8px}"
            + ".strip li{min-width:2.6em;text-align:center;border:1px solid;border-radius:4px;padding:0 3px;font-size:.9em}"
            + ".strip .n{display:block;font-size:.8em;color:#374151}"
            + "blockquote{margin:4px 0 8px 0;padding:4px 10px;border-left:3px solid #9ca3af;background:#f9fafb}"
            + "ol.evidence-list li,.needs li{margin:3px 0}.ref{font-size:.85em;color:#374151}"
            + "code{font-size:.88em;overflow-wrap:anywhere}a{color:#1d4ed8}"
            + "@media (max-width:520px){body{padding:8px 10px;font-size:15px}td,th{padding:2px 5px}}"
            + "@page{size:A4;margin:14mm}@media print{body{max-width:none;padding:0;font-size:11pt}"
            + ".summary{background:#fff}a{color:#000;text-decoration:none}section,figure,table{break-inside:avoid}"
            + ".scroll{overflow:visible}}";

    /** The status symbols, so that no status is told by colour alone. */
    static String symbol(String status) {
        switch (status) {
            case "NOT_ON_TRACK":
                return "!";
            case "ON_TRACK":
                return "✓";
            case "INSUFFICIENT_DATA":
                return "…";
            default:
                return "✕";
        }
    }

    private final NeedsEngine needs;
    private final String language;
    private final UiText ui;
    private final int dropoutAfter;
    private final org.openrom.core.safety.AlertWording wording;
    /** Display texts of the needs engine's instruments in this language ({@code Instrument.translations()}). */
    private final Map<String, String> instrumentLabels;

    /**
     * @param needs the engine whose taxonomy and evidence rules label the needs
     * @param language {@code en} or {@code da}
     * @throws org.openrom.core.ValidationException for any other language, listing those available
     */
    public ReportRenderer(NeedsEngine needs, String language) {
        this(needs, language, DEFAULT_DROPOUT_AFTER, org.openrom.core.safety.AlertWording.neutral());
    }

    /** Missed sessions in a row after which the group page marks a member at risk of dropping out, by default. */
    public static final int DEFAULT_DROPOUT_AFTER = 2;

    private ReportRenderer(NeedsEngine needs, String language, int dropoutAfter,
            org.openrom.core.safety.AlertWording wording) {
        this.needs = Objects.requireNonNull(needs, "needs");
        this.language = Objects.requireNonNull(language, "language");
        this.ui = UiText.of(language);
        this.dropoutAfter = dropoutAfter;
        this.wording = wording;
        Map<String, String> labels = new java.util.HashMap<>();
        for (var ins : needs.instruments().instruments()) {
            ins.translations().getOrDefault(language, Map.of()).forEach((k, v) -> labels.put(ins.id() + "." + k, v));
        }
        this.instrumentLabels = Map.copyOf(labels);
    }

    /** @return the languages the pages can be written in */
    public static List<String> languages() {
        return UiText.LANGUAGES;
    }

    /**
     * @param sessions missed sessions in a row (1 or more) after which a member is shown at risk of dropping out
     * @return a renderer like this one with that threshold
     * @throws org.openrom.core.ValidationException when {@code sessions} is below 1
     */
    public ReportRenderer dropoutAfter(int sessions) {
        if (sessions < 1) {
            throw new org.openrom.core.ValidationException("report renderer", "dropoutAfter", String.valueOf(sessions),
                    "an integer >= 1 (missed sessions in a row)");
        }
        return new ReportRenderer(needs, language, sessions, wording);
    }

    /**
     * @param wording the clinic's wording of safety alerts (per language; the neutral default quotes no item)
     * @return a renderer like this one that words alerts so
     */
    public ReportRenderer alertWording(org.openrom.core.safety.AlertWording wording) {
        return new ReportRenderer(needs, language, dropoutAfter, Objects.requireNonNull(wording, "wording"));
    }

    /**
     * The safety alerts, before anything else on the page: a list a clinician cannot scroll past, each with its
     * severity in words (not colour alone) and the clinic's wording.
     */
    private void alertsBlock(StringBuilder sb, List<org.openrom.core.safety.SafetyAlert> alerts, String who) {
        if (alerts.isEmpty()) {
            return;
        }
        sb.append("<section class=\"alerts\" id=\"alerts\" aria-labelledby=\"alerts-h\">\n<h2 id=\"alerts-h\">⚠ ")
                .append(h(ui.get(alerts.size() == 1 ? "alerts.one" : "alerts.many"))).append("</h2>\n<ul>\n");
        for (org.openrom.core.safety.SafetyAlert a : alerts) {
            sb.append("<li><strong>").append(h(ui.get("alerts.severity." + a.severity().code()))).append("</strong> · ");
            if (who != null) {
                sb.append(h(ui.get("patient"))).append(' ').append(h(a.patientId())).append(" · ");
            }
            sb.append(h(wording.text(a, language))).append("</li>\n");
        }
        sb.append("</ul>\n</section>\n");
    }

    private String instrumentName(String id, String fallback) {
        return instrumentLabels.getOrDefault(id + ".name", fallback);
    }

    private String topic(String instrument, String item, String fallback) {
        return instrumentLabels.getOrDefault(instrument + "." + item, fallback);
    }

    private String scaleLabel(String qualifiedId, String fallback) {
        return instrumentLabels.getOrDefault(qualifiedId + ".label", fallback);
    }

    private ItemResponse localise(ItemResponse i) {
        return new ItemResponse(i.instrument(), instrumentName(i.instrument(), i.instrumentName()), i.item(),
                topic(i.instrument(), i.item(), i.topic()), i.occasion(), i.value(), i.min(), i.max());
    }

    /**
     * The report with instrument names, item topics and scale labels in this language where the renderer has
     * them, and the scale named in each reason's arguments likewise (the English sentences are kept).
     */
    private NotReport localise(NotReport r) {
        if (instrumentLabels.isEmpty()) {
            return r;
        }
        Map<String, String> byEnglishLabel = new java.util.HashMap<>();
        List<Trajectory> ts = new java.util.ArrayList<>();
        for (Trajectory t : r.trajectories()) {
            String label = scaleLabel(t.scale(), t.label());
            byEnglishLabel.put(t.label(), label);
            ts.add(new Trajectory(t.scale(), label, t.direction(), t.display(), t.min(), t.max(), t.hasCutoff(), t.cutoff(),
                    t.rule(), t.points()));
        }
        List<org.openrom.core.track.Finding> reasons = new java.util.ArrayList<>();
        for (org.openrom.core.track.Finding f : r.reasons()) {
            String scale = f.args().get("scale");
            if (scale != null && byEnglishLabel.containsKey(scale)) {
                java.util.TreeMap<String, String> a = new java.util.TreeMap<>(f.args());
                a.put("scale", byEnglishLabel.get(scale));
                f = new org.openrom.core.track.Finding(f.code(), f.sentence(), a);
            }
            reasons.add(f);
        }
        return new NotReport(r.patientId(), r.groupId(), r.occasion(), r.status(), r.statusRule(), r.notSince(),
                r.consecutiveNot(), r.lastAttended(), r.missed(), ts, r.assessments(), r.strips(), reasons,
                r.negativeResponses().stream().map(this::localise).toList(), r.lifeEvents().stream().map(this::localise).toList(),
                r.comments(), r.needs(), r.alerts());
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
     * A rule's human name from its canonical spec: the localised name of its id, and for {@code persistent}
     * the name of the rule it wraps with its run length. The spec itself is kept in "About this report".
     */
    String ruleName(String spec) {
        if (spec.isEmpty()) {
            return "—";
        }
        org.openrom.core.track.RuleSpec rs;
        try {
            rs = org.openrom.core.track.RuleSpec.parse(spec);
        } catch (RuntimeException e) {
            return spec;
        }
        return ruleName(rs);
    }

    private String ruleName(org.openrom.core.track.RuleSpec rs) {
        if (rs.id().equals("persistent") && rs.parameters().get("rule") instanceof org.openrom.core.track.RuleSpec.Specs inner
                && inner.specs().size() == 1) {
            String k = rs.parameters().containsKey("k") ? rs.parameters().get("k").toString() : "2";
            return ui.format("rule.persistentOf", ruleName(inner.specs().get(0)), k);
        }
        String name = ui.find("rule." + rs.id());
        if (name != null) {
            return name;
        }
        String words = rs.id().replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String head(String language, String title) {
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"" + h(language) + "\">\n"
                + "<head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
                + "<title>" + title + "</title><style>" + CSS + "</style></head>\n<body>\n";
    }

    private String badge(String status) {
        return "<span class=\"badge " + status.toLowerCase(java.util.Locale.ROOT) + "\">" + symbol(status) + " "
                + h(ui.status(status)) + "</span>";
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

    /**
     * @param report the report
     * @return a complete, well-formed XHTML document
     */
    public String html(NotReport report) {
        java.util.Objects.requireNonNull(report, "report");
        NotReport r = localise(report);
        StringBuilder sb = new StringBuilder();
        String status = r.status().name();
        sb.append(head(language, h(ui.get("title")) + ": " + h(ui.get("patient").toLowerCase(java.util.Locale.ROOT)) + " "
                + h(r.patientId()) + ", " + h(ui.get("session")) + " " + r.occasion()));
        // safety first: a critical item's alert comes before the summary, whatever the status
        alertsBlock(sb, r.alerts(), null);
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
            sb.append("<p class=\"absent\"><span class=\"badge missed\">✕</span> ")
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

        sb.append("<section>\n<h2>").append(h(ui.get("trajectories"))).append("</h2>\n");
        for (int ti = 0; ti < r.trajectories().size(); ti++) {
            Trajectory t = r.trajectories().get(ti);
            sb.append("<figure>").append(TrajectoryChart.svg(t, r.comments(), r.missed(), 640, 240, ui, "chart" + ti))
                    .append("<figcaption><strong>").append(h(t.label())).append("</strong>. ")
                    .append(h(TrajectoryChart.orientation(t, ui))).append("</figcaption></figure>\n");
            sb.append(legend(t, !r.missed().isEmpty()));
            sb.append("<h3>").append(h(ui.get("scores"))).append(": ").append(h(t.label())).append("</h3>\n<table class=\"scores\">\n")
                    .append(headerRow("th.session", "th.score", "th.status"));
            for (var p : t.points()) {
                sb.append("<tr><td>").append(p.occasion()).append("</td><td>").append(Text.num(p.score())).append("</td><td>")
                        .append(p.status().isEmpty() ? "—" : symbol(p.status()) + " " + h(ui.status(p.status())))
                        .append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("</section>\n");

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

        List<Evidence> evidence = distinctEvidence(r);
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
        return sb.toString();
    }

    /**
     * A rule's reason in this language: the template of its code (the most specific of {@code reason.<code>.<against>
     * .<mode>}, {@code reason.<code>.<against>}, {@code reason.<code>}) filled from the finding's arguments; the
     * rule's own English sentence in English, and wherever there is no template or an argument is missing.
     */
    String reason(org.openrom.core.track.Finding f) {
        if (language.equals("en") || f.args().isEmpty()) {
            return f.sentence();
        }
        // candidates: the variant chosen by the 'against' and 'mode' arguments, the plain template, then the
        // alternatives 'reason.<code>#…'; the first whose placeholders are exactly the other arguments is used, so a
        // code two rules share with different arguments never takes the other rule's sentence
        java.util.Set<String> wanted = new java.util.TreeSet<>(f.args().keySet());
        wanted.removeAll(java.util.Set.of("against", "mode"));
        List<String> keys = new java.util.ArrayList<>();
        String against = f.args().getOrDefault("against", "");
        String mode = f.args().getOrDefault("mode", "");
        keys.add("reason." + f.code() + "." + against + "." + mode);
        keys.add("reason." + f.code());
        ui.keys().stream().filter(k -> k.startsWith("reason." + f.code() + "#")).sorted().forEach(keys::add);
        for (String key : keys) {
            String t = ui.find(key);
            if (t == null || !placeholders(t).equals(wanted)) {
                continue;
            }
            for (Map.Entry<String, String> e : f.args().entrySet()) {
                t = t.replace("{" + e.getKey() + "}", value(e.getKey(), e.getValue()));
            }
            return t;
        }
        return f.sentence();
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([a-z0-9_-]+)}");

    private static java.util.Set<String> placeholders(String template) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** An argument's value in this language: words a rule chooses from a fixed set are translated. */
    private String value(String name, String v) {
        if (java.util.Set.of("category", "outcome", "direction", "position", "light", "case").contains(name)) {
            String w = ui.find("value." + v);
            return w != null ? w : v;
        }
        return v;
    }

    /**
     * An evidence sentence in this language: the template of its kind filled from its arguments (a status in
     * words, a rule by its name, a sub-theme by its label in this language); the English sentence in English and
     * wherever there is no template or an argument is missing. Instrument names, item topics and scale labels
     * come from the instrument definitions, in English.
     */
    String evidence(Evidence e) {
        if (language.equals("en") || e.args().isEmpty()) {
            return e.sentence();
        }
        String t = ui.find("evidence." + e.kind());
        if (t == null) {
            return e.sentence();
        }
        for (Map.Entry<String, String> a : e.args().entrySet()) {
            String v = a.getValue();
            switch (a.getKey()) {
                case "status":
                    v = ui.status(v);
                    break;
                case "rule":
                    v = ruleName(v);
                    break;
                case "subtheme":
                    v = taxonomy().findSubtheme(v).map(st -> st.label(language)).orElse(v);
                    break;
                case "label":
                    v = scaleLabel(e.reference(), v);
                    break;
                case "instrument":
                    v = instrumentName(e.reference().substring(0, Math.max(0, e.reference().indexOf('.'))), v);
                    break;
                case "topic": {
                    int dot = e.reference().indexOf('.');
                    v = dot < 0 ? v : topic(e.reference().substring(0, dot), e.reference().substring(dot + 1), v);
                    break;
                }
                default:
                    break;
            }
            t = t.replace("{" + a.getKey() + "}", v);
        }
        return t.matches("(?s).*\\{[a-z0-9_-]+}.*") ? e.sentence() : t;
    }

    private static String sentence(String s) {
        String t = s.strip();
        return t.isEmpty() || t.endsWith(".") ? t : t + ".";
    }

    private static String join(List<Integer> xs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < xs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(xs.get(i));
        }
        return b.toString();
    }

    private String legend(Trajectory t, boolean anyMissed) {
        StringBuilder sb = new StringBuilder("<ul class=\"legend\">");
        sb.append("<li><svg width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"22\" "
                + "y2=\"6\" stroke=\"#1f4e8c\" stroke-width=\"2\"/><circle cx=\"11\" cy=\"6\" r=\"4\" fill=\"#1f4e8c\"/></svg>")
                .append(h(ui.get("legend.score"))).append("</li>");
        if (t.points().stream().anyMatch(p -> p.status().equals("NOT_ON_TRACK"))) {
            sb.append("<li><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><path d=\"M7,0.5 L13.5,7 L7,13.5 "
                    + "L0.5,7 Z\" fill=\"#b91c1c\"/></svg>").append(h(ui.get("legend.not"))).append("</li>");
        }
        if (t.hasCutoff()) {
            sb.append("<li><svg width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"22\" "
                    + "y2=\"6\" stroke=\"#b35900\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/></svg>")
                    .append(h(ui.format("legend.cutoff", Text.num(t.cutoff())))).append("</li>");
        }
        if (t.points().stream().filter(p -> p.hasExpected()).count() >= 2) {
            sb.append("<li><span class=\"key\" style=\"background:#dde8f6\"></span>").append(h(ui.get("legend.expected")))
                    .append("</li>");
        }
        if (anyMissed) {
            sb.append("<li><span aria-hidden=\"true\" style=\"color:#6b7280\">✕</span>").append(h(ui.get("legend.missed")))
                    .append("</li>");
        }
        return sb.append("</ul>\n").toString();
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
     * @param report the report
     * @return the report as Markdown; untrusted text is escaped so that it renders as text
     */
    public String markdown(NotReport report) {
        java.util.Objects.requireNonNull(report, "report");
        NotReport r = localise(report);
        StringBuilder sb = new StringBuilder();
        for (org.openrom.core.safety.SafetyAlert a : r.alerts()) {
            sb.append("> **⚠ ").append(ui.get("alerts.severity." + a.severity().code())).append("** · ")
                    .append(md(wording.text(a, language))).append("\n>\n");
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
        sb.append("## ").append(ui.get("trajectories")).append("\n\n");
        for (Trajectory t : r.trajectories()) {
            sb.append("**").append(md(t.label())).append("** (").append(md(ruleName(t.rule()))).append("). ")
                    .append(md(TrajectoryChart.orientation(t, ui))).append("\n\n| ").append(ui.get("th.session"))
                    .append(" | ").append(ui.get("th.score")).append(" | ").append(ui.get("th.status")).append(" |\n|---|---|---|\n");
            for (var p : t.points()) {
                sb.append("| ").append(p.occasion()).append(" | ").append(Text.num(p.score())).append(" | ")
                        .append(p.status().isEmpty() ? "" : symbol(p.status()) + " ").append(ui.status(p.status())).append(" |\n");
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
     * A group page at the group's latest session: {@link #groupPage} with the largest occasion of the reports and
     * no navigation.
     *
     * @param groupId the group
     * @param reports one report per member, each at the same session
     * @param links member id → relative link to that member's report (may be empty); a link that is not a
     *     relative path or an {@code http(s)} URL ({@code javascript:}, {@code data:}, …) is dropped and the
     *     member is shown without a link
     * @return a complete XHTML document
     */
    public String groupOverview(String groupId, List<NotReport> reports, Map<String, String> links) {
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

    /**
     * The page of one therapy group at one session: a members × sessions status grid (colour and symbol), the
     * share of attending members not on track per session, attendance and drop-out risk ({@link #dropoutAfter}
     * missed sessions in a row), each member's status now and top need, linked to the member's report.
     *
     * @param groupId the group
     * @param session the session shown
     * @param reports one report per member at {@code session}
     * @param links member id → link to the member's report at that session (unsafe links are dropped)
     * @param previous link to the page of the previous session, or null
     * @param next link to the page of the next session, or null
     * @return a complete XHTML document
     */
    public String groupPage(String groupId, int session, List<NotReport> reports, Map<String, String> links,
            String previous, String next) {
        return groupPage(groupId, session, reports, links, previous, next, null);
    }

    /**
     * The group page with the group's climate ({@link org.openrom.core.report.GroupClimate}): per session the
     * members' mean and spread on each scale, each member's position against the group and their own baseline,
     * and possible ruptures with the criterion said in words.
     *
     * @param groupId the group
     * @param session the session shown
     * @param reports one report per member at {@code session}
     * @param links member id → link to the member's report at that session (unsafe links are dropped)
     * @param previous link to the page of the previous session, or null
     * @param next link to the page of the next session, or null
     * @param climate the group's climate at {@code session}, or null for none
     * @return a complete XHTML document
     */
    public String groupPage(String groupId, int session, List<NotReport> reports, Map<String, String> links,
            String previous, String next, org.openrom.core.report.GroupClimate climate) {
        java.util.Objects.requireNonNull(groupId, "groupId");
        java.util.Objects.requireNonNull(reports, "reports");
        Map<String, String> l = new LinkedHashMap<>(java.util.Objects.requireNonNull(links, "links"));
        StringBuilder sb = new StringBuilder();
        String title = h(ui.get("groupTitle")) + " " + h(groupId) + " · " + h(ui.format("group.session", session));
        sb.append(head(language, title));
        alertsBlock(sb, reports.stream().flatMap(x -> x.alerts().stream()).toList(), "patient");
        sb.append("<header class=\"summary\" id=\"summary\">\n<h1>").append(title).append("</h1>\n");
        String prev = safeLink(previous);
        String nxt = safeLink(next);
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
        long not = reports.stream().filter(r -> r.status() == org.openrom.core.track.TrackStatus.NOT_ON_TRACK).count();
        sb.append("<p class=\"share\">").append(h(ui.format("group.notOf", not, reports.size()))).append("</p>\n");
        List<String> atRisk = new java.util.ArrayList<>();
        for (NotReport r : reports) {
            if (missedInARow(r) >= dropoutAfter) {
                atRisk.add(r.patientId() + " (" + ui.format("group.dropoutRisk", missedInARow(r)) + ")");
            }
        }
        for (String a : atRisk) {
            sb.append("<p class=\"absent\"><span class=\"badge missed\">✕</span> ").append(h(a)).append("</p>\n");
        }
        sb.append("<p class=\"muted\">").append(h(ui.format("group.dropoutNote", dropoutAfter))).append("</p>\n</header>\n<main>\n");
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
        sb.append("<section>\n<h2>").append(h(ui.get("group.grid"))).append("</h2>\n<p class=\"muted\">")
                .append(h(ui.get("strips.note"))).append("</p>\n<div class=\"scroll\"><table class=\"grid\">\n<tr><th>")
                .append(h(ui.get("th.patient"))).append("</th><th>").append(h(ui.get("group.current"))).append("</th><th>")
                .append(h(ui.get("th.topNeed"))).append("</th>");
        for (int o = first; o <= session; o++) {
            sb.append("<th>").append(o).append("</th>");
        }
        sb.append("</tr>\n");
        for (NotReport r : reports) {
            String id = h(r.patientId());
            String link = safeLink(l.get(r.patientId()));
            sb.append("<tr><th>").append(link == null ? id : "<a href=\"" + Encode.forHtmlAttribute(link) + "\">" + id + "</a>")
                    .append("</th><td>").append(r.absentNow() ? "<span class=\"badge missed\">✕ "
                            + h(ui.format("group.absentSince", r.lastAttended())) + "</span>" : badge(r.status().name()))
                    .append("</td><td class=\"need\">").append(r.needs().needs().isEmpty() ? "—"
                            : h(taxonomy().subtheme(r.needs().needs().get(0).subtheme()).label(language))).append("</td>");
            for (int o = first; o <= session; o++) {
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
        sb.append("<tr><th colspan=\"3\">").append(h(ui.get("group.shareNot"))).append("</th>");
        for (int o = first; o <= session; o++) {
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
        sb.append("</tr>\n<tr><th colspan=\"3\">").append(h(ui.get("group.attended"))).append("</th>");
        for (int o = first; o <= session; o++) {
            int attending = 0;
            for (NotReport r : reports) {
                String st = statusAt(r, o);
                attending += !st.isEmpty() && !st.equals("MISSED") ? 1 : 0;
            }
            sb.append("<td>").append(attending).append("</td>");
        }
        sb.append("</tr>\n</table></div>\n</section>\n");
        if (climate != null) {
            climate(sb, climate);
        }
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static String num2(double v) {
        return Double.isNaN(v) ? "—" : Text.num(Math.round(v * 100) / 100.0);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "—" : (v > 0 ? "+" : v < 0 ? "−" : "±") + Text.num(Math.round(Math.abs(v) * 100) / 100.0);
    }

    private void climate(StringBuilder sb, org.openrom.core.report.GroupClimate c) {
        var o = c.options();
        sb.append("<section>\n<h2>").append(h(ui.get("climate"))).append("</h2>\n<p>")
                .append(h(ui.format("climate.criterion", Text.num(o.drop()), o.baselineSessions(), Text.num(o.percentile()),
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
                        .map(ReportRenderer::h).orElse("—")).append("</td>");
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
                sb.append("<td>").append(x.map(y -> num2(y.mean()) + " ± " + num2(y.sd()) + " (n " + y.n() + ")").map(ReportRenderer::h)
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
