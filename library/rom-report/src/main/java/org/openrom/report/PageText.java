package org.openrom.report;

import java.util.List;
import java.util.Map;
import org.openrom.core.needs.Evidence;
import org.openrom.core.needs.EvidenceRule;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.needs.NeedsTaxonomy;
import org.openrom.core.report.ItemResponse;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.Trajectory;
import org.openrom.core.track.Finding;
import org.owasp.encoder.Encode;

/**
 * What every page of {@link ReportRenderer} shares: the settings, the words in the page's language (instrument,
 * scale, rule and intervention names; reasons and evidence sentences), escaping, the status symbols.
 */
abstract class PageText {
    /** The settings of a renderer, shared by its pages. */
    record Settings(NeedsEngine needs, String language, UiText ui, int dropoutAfter,
            org.openrom.core.safety.AlertWording wording, Map<String, String> instrumentLabels) {
    }

    final NeedsEngine needs;
    final String language;
    final UiText ui;
    final int dropoutAfter;
    final org.openrom.core.safety.AlertWording wording;
    /** Display texts of the needs engine's instruments in this language ({@code Instrument.translations()}). */
    final Map<String, String> instrumentLabels;

    PageText(Settings settings) {
        this.needs = settings.needs();
        this.language = settings.language();
        this.ui = settings.ui();
        this.dropoutAfter = settings.dropoutAfter();
        this.wording = settings.wording();
        this.instrumentLabels = settings.instrumentLabels();
    }

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
                return "○";
        }
    }

    String instrumentName(String id, String fallback) {
        return instrumentLabels.getOrDefault(id + ".name", fallback);
    }

    String topic(String instrument, String item, String fallback) {
        return instrumentLabels.getOrDefault(instrument + "." + item, fallback);
    }

    String scaleLabel(String qualifiedId, String fallback) {
        return instrumentLabels.getOrDefault(qualifiedId + ".label", fallback);
    }

    ItemResponse localise(ItemResponse i) {
        return new ItemResponse(i.instrument(), instrumentName(i.instrument(), i.instrumentName()), i.item(),
                topic(i.instrument(), i.item(), i.topic()), i.occasion(), i.value(), i.min(), i.max());
    }

    /**
     * The report with instrument names, item topics and scale labels in this language where the renderer has
     * them, and the scale named in each reason's arguments likewise (the English sentences are kept).
     */
    NotReport localise(NotReport r) {
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
                r.comments(), r.needs(), r.alerts(), r.acknowledgedAlerts());
    }

    NeedsTaxonomy taxonomy() {
        return needs.taxonomy();
    }

    String rationale(String ruleId) {
        for (EvidenceRule r : needs.rules().rules()) {
            if (r.id().equals(ruleId)) {
                return r.rationale().getOrDefault(language, r.rationale().getOrDefault("en", ""));
            }
        }
        return "";
    }

    static String h(String s) {
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

    String ruleName(org.openrom.core.track.RuleSpec rs) {
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

    String badge(String status) {
        return "<span class=\"badge " + status.toLowerCase(java.util.Locale.ROOT) + "\">" + symbol(status) + " "
                + h(ui.status(status)) + "</span>";
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

    static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([a-z0-9_-]+)}");

    static java.util.Set<String> placeholders(String template) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** An argument's value in this language: words a rule chooses from a fixed set are translated. */
    String value(String name, String v) {
        if (java.util.Set.of("category", "outcome", "direction", "position", "light", "case").contains(name)) {
            String w = ui.find("value." + v);
            return w != null ? w : v;
        }
        return localNumber(v);
    }

    /** A rule's or an evidence's number in the language's notation: 3.5 is 3,5 in Danish; any other text as it is. */
    String localNumber(String v) {
        return language.equals("da") && DECIMAL.matcher(v).matches() ? v.replace('.', ',') : v;
    }

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[-−]?[0-9]+\\.[0-9]+");

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
                    v = localNumber(v);
                    break;
            }
            t = t.replace("{" + a.getKey() + "}", v);
        }
        return t.matches("(?s).*\\{[a-z0-9_-]+}.*") ? e.sentence() : t;
    }

    static String sentence(String s) {
        String t = s.strip();
        return t.isEmpty() || t.endsWith(".") ? t : t + ".";
    }

    static String join(List<Integer> xs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < xs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(xs.get(i));
        }
        return b.toString();
    }

    /**
     * @return the latest score against the baseline (the first score), whatever the status: "Latest 16 at session 5: 4
     *     points worse than baseline 12 (session 0)."; empty with fewer than two scores
     */
    String change(Trajectory t) {
        if (t.points().size() < 2) {
            return "";
        }
        var first = t.points().get(0);
        var last = t.points().get(t.points().size() - 1);
        double worse = t.direction().worsening(first.score(), last.score());
        String points = ui.format(Math.abs(worse) == 1 ? "change.point" : "change.points", ui.num(Math.abs(worse)));
        String key = worse > 0 ? "change.worse" : worse < 0 ? "change.better" : "change.same";
        return ui.format(key, ui.num(last.score()), last.occasion(), points, ui.num(first.score()), first.occasion());
    }

    /**
     * @return the score at which the trajectory's rule flags a patient against the baseline, when the rule has such a
     *     line (the study rule's {@code deterioration}, the threshold rule's {@code threshold} against the baseline);
     *     NaN otherwise
     */
    static double threshold(Trajectory t) {
        if (t.points().isEmpty() || t.rule().isEmpty()) {
            return Double.NaN;
        }
        org.openrom.core.track.RuleSpec rs;
        try {
            rs = org.openrom.core.track.RuleSpec.parse(t.rule());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        String key = switch (rs.id()) {
            case "deterioration-or-no-change" -> "deterioration";
            case "deterioration-threshold" -> String.valueOf(rs.parameters().get("against")).equals("previous") ? null
                    : "threshold";
            default -> null;
        };
        if (key == null || !(rs.parameters().get(key) instanceof org.openrom.core.track.RuleSpec.Atom a)) {
            return Double.NaN;
        }
        double points;
        try {
            points = Double.parseDouble(a.text());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        double base = t.points().get(0).score();
        return t.direction() == org.openrom.core.instrument.Direction.LOWER_IS_BETTER ? base + points : base - points;
    }

    String legend(Trajectory t, boolean anyMissed) {
        StringBuilder sb = new StringBuilder("<ul class=\"legend\">");
        String rule = ruleName(t.rule());
        sb.append("<li><svg width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"22\" "
                + "y2=\"6\" stroke=\"#1f4e8c\" stroke-width=\"2\"/><circle cx=\"11\" cy=\"6\" r=\"4\" fill=\"#1f4e8c\"/></svg>")
                .append(h(ui.get("legend.score"))).append("</li>");
        if (t.points().stream().anyMatch(p -> p.status().equals("NOT_ON_TRACK"))) {
            sb.append("<li><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><path d=\"M7,0.5 L13.5,7 L7,13.5 "
                    + "L0.5,7 Z\" fill=\"#b91c1c\"/></svg>").append(h(ui.format("legend.notBy", rule))).append("</li>");
        }
        if (!t.points().isEmpty()) {
            sb.append("<li><svg width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"22\" "
                    + "y2=\"6\" stroke=\"#4b5563\" stroke-dasharray=\"2,3\"/></svg>")
                    .append(h(ui.format("legend.baseline", ui.num(t.points().get(0).score())))).append("</li>");
        }
        double threshold = threshold(t);
        if (Double.isFinite(threshold) && threshold >= Math.min(t.min(), t.max()) && threshold <= Math.max(t.min(), t.max())) {
            sb.append("<li><svg width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"22\" "
                    + "y2=\"6\" stroke=\"#b91c1c\" stroke-dasharray=\"8,3,2,3\"/></svg>")
                    .append(h(ui.format("legend.thresholdBy", ui.num(threshold), rule))).append("</li>");
        }
        if (t.hasCutoff()) {
            sb.append("<li><svg width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"22\" "
                    + "y2=\"6\" stroke=\"#b35900\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/></svg>")
                    .append(h(ui.format("legend.cutoff", ui.num(t.cutoff())))).append("</li>");
        }
        if (t.points().stream().filter(p -> p.hasExpected()).count() >= 2) {
            sb.append("<li><span class=\"key\" style=\"background:#dde8f6\"></span>").append(h(ui.get("legend.expected")))
                    .append("</li>");
        }
        if (anyMissed) {
            sb.append("<li><span aria-hidden=\"true\" style=\"color:#6b7280\">○</span>").append(h(ui.get("legend.missed")))
                    .append("</li>");
        }
        return sb.append("</ul>\n").toString();
    }

    String intervention(String id) {
        return taxonomy().interventions().stream().filter(i -> i.id().equals(id)).findFirst().map(i -> i.label(language))
                .orElse(id);
    }

    String subthemes(List<String> ids) {
        StringBuilder s = new StringBuilder();
        for (String id : ids) {
            s.append(s.length() == 0 ? "" : ", ").append(taxonomy().subtheme(id).label(language).toLowerCase(java.util.Locale.ROOT));
        }
        return s.toString();
    }

    static final String CSS = "*{box-sizing:border-box}body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;"
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
            + ".scroll{overflow-x:auto;max-width:100%}figure{margin:8px 0}svg.chart{width:100%;height:auto;max-width:560px}"
            + ".legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:4px 0;font-size:.92em}"
            + ".legend li{display:flex;align-items:center;gap:6px}.key{display:inline-block;width:22px;height:12px}"
            + ".strip{display:flex;flex-wrap:wrap;gap:3px;list-style:none;padding:0;margin:2px 0 8px}"
            + ".strip li{min-width:2.6em;text-align:center;border:1px solid;border-radius:4px;padding:0 3px;font-size:.9em}"
            + ".strip .n{display:block;font-size:.8em;color:#374151}"
            + "blockquote{margin:4px 0 8px 0;padding:4px 10px;border-left:3px solid #9ca3af;background:#f9fafb}"
            + "ol.evidence-list li,.needs li{margin:3px 0}.ref{font-size:.85em;color:#374151}"
            + ".worklist{list-style:none;padding:0}.wl{border:1px solid #d1d5db;border-radius:8px;padding:6px 12px;"
            + "margin:8px 0;overflow-wrap:anywhere}.wl.safety-alert{border:3px solid #8a1c12;background:#fde8e6}"
            + ".wl p{margin:3px 0}.open-alerts{margin:4px 0;padding-left:20px}.alert-mark{color:#8a1c12;font-weight:bold}"
            + "code{font-size:.88em;overflow-wrap:anywhere}a{color:#1d4ed8}"
            + "@media (max-width:520px){body{padding:8px 10px;font-size:15px}td,th{padding:2px 5px}}"
            + "@page{size:A4;margin:14mm}@media print{body{max-width:none;padding:0;font-size:11pt}"
            + ".summary{background:#fff}a{color:#000;text-decoration:none}section,figure,table{break-inside:avoid}"
            + ".scroll{overflow:visible}}";

    /**
     * The safety alerts, before anything else on the page: a list a clinician cannot scroll past, each with its
     * severity in words (not colour alone) and the clinic's wording.
     */
    void alertsBlock(StringBuilder sb, List<org.openrom.core.safety.SafetyAlert> alerts, String who) {
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
            sb.append(h(alertText(a))).append("</li>\n");
        }
        sb.append("</ul>\n</section>\n");
    }

    /** @return the clinic's wording of an alert in this language, with the instrument's names, topic and answer label */
    String alertText(org.openrom.core.safety.SafetyAlert a) {
        return wording.text(a, language, needs.instruments().find(a.instrumentId()).map(i -> i.alertLabels(a, language))
                .orElse(null));
    }

    /**
     * The alerts a clinician has acknowledged: what, who (an opaque id), when and the coded action, so that a page
     * says what was done about an alert after it left the alert box.
     */
    void acknowledgedBlock(StringBuilder sb, List<org.openrom.core.safety.TrackedAlert> done) {
        if (done.isEmpty()) {
            return;
        }
        sb.append("<section class=\"acknowledged\" aria-labelledby=\"ack-h\">\n<h2 id=\"ack-h\">")
                .append(h(ui.get("alerts.acknowledged"))).append("</h2>\n<ul>\n");
        for (org.openrom.core.safety.TrackedAlert t : done) {
            sb.append("<li>").append(h(acknowledgedText(t))).append("</li>\n");
        }
        sb.append("</ul>\n</section>\n");
    }

    /** @return "…alert text… Acknowledged by c-17 at 2026-12-07 10:15 UTC: called-patient." */
    String acknowledgedText(org.openrom.core.safety.TrackedAlert t) {
        org.openrom.core.safety.Acknowledgement a = t.acknowledgement().orElseThrow();
        String when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(a.at());
        return alertText(t.alert()) + " " + ui.format(a.action().isPresent() ? "alerts.ackAction" : "alerts.ack", a.by(), when,
                a.action().orElse(""));
    }

    static String head(String language, String title) {
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"" + h(language) + "\">\n"
                + "<head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
                + "<title>" + title + "</title><style>" + CSS + "</style></head>\n<body>\n";
    }
}
