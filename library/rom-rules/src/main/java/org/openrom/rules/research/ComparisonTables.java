package org.openrom.rules.research;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.openrom.rules.research.RuleComparison.Accuracy;
import org.openrom.rules.research.RuleComparison.Interval;

/** The tables of a {@link RuleComparison}: Markdown for people, JSON for programs. */
public final class ComparisonTables {
    private ComparisonTables() {
    }

    /**
     * @param cmp the comparison
     * @return one row per rule (flagged, sensitivity, specificity, PPV, NPV with Wilson 95% intervals, median first
     *     flag, NOT occasions per patient) and, for several rules, Cohen's kappa between them
     */
    public static String markdown(RuleComparison cmp) {
        return markdown(cmp, 3);
    }

    /**
     * @param cmp the comparison
     * @param byOccasion the session of the "poor outcomes flagged by session k" column (&ge; 0)
     * @return the table of {@link #markdown(RuleComparison)} with that column
     */
    public static String markdown(RuleComparison cmp, int byOccasion) {
        return markdown(cmp, null, byOccasion);
    }

    /**
     * @param cmp the comparison
     * @param outcome the outcome the rules were judged against (named above the table), or null
     * @param byOccasion the session of the "poor outcomes flagged by session k" column (&ge; 0)
     * @return the table of {@link #markdown(RuleComparison, int)} under the outcome's definition, the rules' full
     *     specs below it, and the alarm burden per therapy group when patients have groups
     */
    public static String markdown(RuleComparison cmp, Outcome outcome, int byOccasion) {
        Objects.requireNonNull(cmp, "cmp");
        if (byOccasion < 0) {
            throw new org.openrom.core.ValidationException("comparison table", "byOccasion", String.valueOf(byOccasion),
                    "an occasion >= 0");
        }
        List<Accuracy> ms = cmp.results();
        List<String> labels = cmp.labels();
        StringBuilder sb = new StringBuilder();
        if (outcome != null) {
            sb.append("Outcome: `").append(outcome.spec()).append("`\n\n");
        }
        sb.append("Patients: ").append(cmp.patients()).append(" (poor outcome: ").append(cmp.poorOutcomes()).append(")\n\n");
        sb.append("| # | rule | flagged | sensitivity | specificity | PPV | NPV | median first flag | NOT occasions per patient "
                + "| lead time, poor outcomes: median (IQR) | poor outcomes flagged by session " + byOccasion + " |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < ms.size(); i++) {
            Accuracy m = ms.get(i);
            sb.append("| ").append(i + 1).append(" | ").append(labels.get(i)).append(" | ").append(m.flagged()).append(" | ")
                    .append(pct(m.sensitivity())).append(" | ").append(pct(m.specificity()))
                    .append(" | ").append(pct(m.ppv())).append(" | ")
                    .append(pct(m.npv())).append(" | ")
                    .append(Double.isNaN(m.medianFirstFlag()) ? "—" : fmt(m.medianFirstFlag())).append(" | ")
                    .append(Double.isNaN(m.notOccasionsPerPatient()) ? "—"
                            : String.format(Locale.ROOT, "%.2f", m.notOccasionsPerPatient()))
                    .append(" | ").append(Double.isNaN(m.leadTime().median()) ? "—" : fmt(m.leadTime().median()) + " ("
                            + fmt(m.leadTime().q1()) + "–" + fmt(m.leadTime().q3()) + ")")
                    .append(" | ").append(Double.isNaN(m.leadTime().flaggedBy(byOccasion)) ? "—"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * m.leadTime().flaggedBy(byOccasion)))
                    .append(" |\n");
        }
        if (ms.size() > 1) {
            matrix(sb, "Cohen's kappa between rules (flagged or not)", ms.size(), (i, j) -> {
                double k = cmp.kappa(i, j);
                return Double.isNaN(k) ? "—" : String.format(Locale.ROOT, "%.2f", k);
            });
        }
        if (!ms.isEmpty() && !cmp.groupBurden(0).isEmpty()) {
            sb.append("\nAlarm burden per therapy group (NOT occasions before the last observation; patients without a group "
                    + "left out):\n\n| # | groups | NOT occasions per group: median (min–max) | per patient, by group: median "
                    + "(min–max) |\n|---|---|---|---|\n");
            for (int i = 0; i < ms.size(); i++) {
                GroupBurdenSummary g = GroupBurdenSummary.of(cmp.groupBurden(i));
                sb.append("| ").append(i + 1).append(" | ").append(g.groups).append(" | ").append(fmt2(g.median))
                        .append(" (").append(fmt2(g.min)).append("–").append(fmt2(g.max)).append(") | ")
                        .append(String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", g.perPatientMedian, g.perPatientMin,
                                g.perPatientMax)).append(" |\n");
            }
        }
        sb.append("\nRules:\n\n");
        for (int i = 0; i < ms.size(); i++) {
            sb.append(i + 1).append(". ").append(labels.get(i)).append(": `").append(ms.get(i).rule()).append("`\n");
        }
        sb.append("\nFlagged: NOT_ON_TRACK before the last outcome observation. Intervals: Wilson 95%. Lead time: sessions "
                + "from the first flag to the last observation, among flagged patients with a poor outcome (quartiles type 7). "
                + "Flagged by session k: share of all patients with a poor outcome first flagged at or before k.\n");
        return sb.toString();
    }

    /**
     * @param cmp the comparison
     * @return {@code {"patients", "rules": [{rule, flagged, tp, fp, tn, fn, sensitivity, …}], "kappa": [[…]]}}
     */
    public static String json(RuleComparison cmp) {
        return jsonTree(cmp, null).toPrettyString() + "\n";
    }

    private static ObjectNode jsonTree(RuleComparison cmp, Outcome outcome) {
        Objects.requireNonNull(cmp, "cmp");
        List<Accuracy> ms = cmp.results();
        List<String> labels = cmp.labels();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (outcome != null) {
            root.putObject("outcome").put("spec", outcome.spec()).put("kind", outcome.kind().id())
                    .put("scale", outcome.scale().qualifiedId());
            ArrayNode sc = ((ObjectNode) root.get("outcome")).putArray("scales");
            outcome.scales().forEach(sc::add);
            if (Double.isNaN(outcome.threshold())) {
                ((ObjectNode) root.get("outcome")).putNull("threshold");
            } else {
                ((ObjectNode) root.get("outcome")).put("threshold", outcome.threshold());
            }
        }
        root.put("patients", cmp.patients());
        root.put("poor_outcomes", cmp.poorOutcomes());
        ArrayNode arr = root.putArray("rules");
        for (int i = 0; i < ms.size(); i++) {
            Accuracy m = ms.get(i);
            ObjectNode o = arr.addObject();
            o.put("rule", m.rule()).put("label", labels.get(i)).put("evaluated", cmp.evaluated(i)).put("flagged", m.flagged()).put("tp", m.tp()).put("fp", m.fp()).put("tn", m.tn())
                    .put("fn", m.fn());
            put(o, "sensitivity", m.sensitivity());
            put(o, "specificity", m.specificity());
            put(o, "ppv", m.ppv());
            put(o, "npv", m.npv());
            if (!Double.isNaN(m.medianFirstFlag())) {
                o.put("median_first_flag", m.medianFirstFlag());
            }
            if (!Double.isNaN(m.notOccasionsPerPatient())) {
                o.put("not_occasions_per_patient", m.notOccasionsPerPatient());
            }
            ObjectNode lt = o.putObject("lead_time");
            lt.put("poor", m.leadTime().poor()).put("flagged", m.leadTime().flagged());
            if (!Double.isNaN(m.leadTime().median())) {
                lt.put("median", m.leadTime().median()).put("q1", m.leadTime().q1()).put("q3", m.leadTime().q3());
            }
            ArrayNode by = lt.putArray("flagged_by_session");
            m.leadTime().flaggedBy().forEach(by::add);
            List<RuleComparison.GroupBurden> gb = cmp.groupBurden(i);
            if (!gb.isEmpty()) {
                GroupBurdenSummary g = GroupBurdenSummary.of(gb);
                o.putObject("group_burden").put("groups", g.groups).put("median", g.median).put("min", g.min)
                        .put("max", g.max).put("per_patient_median", g.perPatientMedian)
                        .put("per_patient_min", g.perPatientMin).put("per_patient_max", g.perPatientMax);
            }
        }
        ArrayNode k = root.putArray("kappa");
        for (int i = 0; i < ms.size(); i++) {
            ArrayNode r = k.addArray();
            for (int j = 0; j < ms.size(); j++) {
                double v = cmp.kappa(i, j);
                if (Double.isNaN(v)) {
                    r.addNull();
                } else {
                    r.add(v);
                }
            }
        }
        return root;
    }

    /**
     * The summary of a parameter sweep, to follow {@link #markdown}: one row per swept value (rule number, value,
     * sensitivity, 1 − specificity) and the area under the sweep's ROC curve ({@link RocCurve}).
     *
     * @param cmp the comparison whose first rules are the sweep, in order
     * @param key the swept parameter
     * @param values the swept values, one per rule, in order
     * @return the Markdown section
     */
    public static String sweepMarkdown(RuleComparison cmp, String key, List<String> values) {
        Objects.requireNonNull(cmp, "cmp");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(values, "values");
        List<Accuracy> ms = cmp.results().subList(0, values.size());
        StringBuilder sb = new StringBuilder("\nSweep of `").append(key).append("`:\n\n| # | ").append(key)
                .append(" | sensitivity | 1 − specificity |\n|---|---|---|---|\n");
        for (int i = 0; i < values.size(); i++) {
            Accuracy m = ms.get(i);
            sb.append("| ").append(i + 1).append(" | ").append(values.get(i)).append(" | ").append(pct(m.sensitivity()))
                    .append(" | ").append(Double.isNaN(m.specificity().estimate()) ? "—" : String.format(Locale.ROOT,
                            "%.1f%%", 100 * (1 - m.specificity().estimate()))).append(" |\n");
        }
        double auc = RocCurve.of(ms).auc();
        sb.append("\nAUC of the sweep: ").append(Double.isNaN(auc) ? "—" : String.format(Locale.ROOT, "%.3f", auc))
                .append(" (trapezoidal area under the operating points, closed by (0, 0) and (1, 1); it depends on the "
                        + "range swept).\n");
        return sb.toString();
    }

    /**
     * @param cmp the comparison whose first rules are the sweep
     * @param key the swept parameter
     * @param values the swept values, one per rule
     * @return {@link #json(RuleComparison)} with {@code "sweep": {"key", "values", "auc"}} and the swept value on
     *     each swept rule's row ({@code "swept"})
     */
    public static String json(RuleComparison cmp, String key, List<String> values) {
        return json(cmp, key, values, List.of());
    }

    /**
     * @param cmp the comparison
     * @param key the swept parameter, or null when the first rules are no sweep
     * @param values the swept values of the first rules (empty without a sweep)
     * @param intervals what {@code cmp.clusterBootstrap(…)} returned, or empty for none
     * @return {@link #json(RuleComparison, String, List)} (or {@link #json(RuleComparison)} without a sweep) with,
     *     when there are intervals, {@code "cluster_bootstrap": {groups, replicates, seed, rules: [{sensitivity,
     *     specificity, kappa: […]}]}}
     */
    public static String json(RuleComparison cmp, String key, List<String> values,
            List<RuleComparison.ClusterIntervals> intervals) {
        return json(cmp, null, key, values, intervals);
    }

    /**
     * @param cmp the comparison
     * @param outcome the outcome the rules were judged against, or null
     * @param key the swept parameter, or null when the first rules are no sweep
     * @param values the swept values of the first rules (empty without a sweep)
     * @param intervals what {@code cmp.clusterBootstrap(…)} returned, or empty for none
     * @return {@link #json(RuleComparison, String, List, List)} with {@code "outcome": {spec, kind, scale,
     *     threshold}} first
     */
    public static String json(RuleComparison cmp, Outcome outcome, String key, List<String> values,
            List<RuleComparison.ClusterIntervals> intervals) {
        return jsonTree(cmp, outcome, key, values, intervals).toPrettyString() + "\n";
    }

    /**
     * @param cmp the comparison
     * @param outcome the outcome the rules were judged against, or null
     * @param key the swept parameter, or null when the first rules are no sweep
     * @param values the swept values of the first rules (empty without a sweep)
     * @param intervals what {@code cmp.clusterBootstrap(…)} returned, or empty for none
     * @return the tree of {@link #json(RuleComparison, Outcome, String, List, List)}, for callers that combine
     *     comparisons (several outcomes) into one document
     */
    public static ObjectNode jsonTree(RuleComparison cmp, Outcome outcome, String key, List<String> values,
            List<RuleComparison.ClusterIntervals> intervals) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(intervals, "intervals");
        ObjectNode root = jsonTree(cmp, outcome);
        if (key != null) {
            ObjectNode sw = root.putObject("sweep");
            sw.put("key", key);
            ArrayNode vs = sw.putArray("values");
            values.forEach(vs::add);
            double auc = RocCurve.of(cmp.results().subList(0, values.size())).auc();
            if (Double.isNaN(auc)) {
                sw.putNull("auc");
            } else {
                sw.put("auc", auc);
            }
            for (int i = 0; i < values.size(); i++) {
                ((ObjectNode) root.get("rules").get(i)).put("swept", values.get(i));
            }
        }
        if (!intervals.isEmpty()) {
            ObjectNode cb = root.putObject("cluster_bootstrap");
            cb.put("groups", intervals.get(0).groups()).put("replicates", intervals.get(0).replicates())
                    .put("seed", intervals.get(0).seed());
            ArrayNode rs = cb.putArray("rules");
            for (RuleComparison.ClusterIntervals ci : intervals) {
                ObjectNode o = rs.addObject();
                o.put("rule", ci.rule());
                put(o, "sensitivity", ci.sensitivity());
                put(o, "specificity", ci.specificity());
                ArrayNode k = o.putArray("kappa");
                ci.kappa().forEach(x -> {
                    if (Double.isNaN(x.estimate())) {
                        k.addNull();
                    } else {
                        k.addObject().put("estimate", x.estimate()).put("low", x.low()).put("high", x.high());
                    }
                });
            }
        }
        return root;
    }

    /**
     * The section of a continuous index's ROC ({@link IndexRoc}), to follow {@link #markdown}.
     *
     * @param r the result
     * @return the Markdown section
     */
    public static String indexRocMarkdown(IndexRoc.Result r) {
        Objects.requireNonNull(r, "r");
        return "\nROC of the continuous index `" + r.detail() + "` of `" + r.rule() + "` (each patient's "
                + (r.higherIsWorse() ? "highest" : "lowest") + " value before the last observation): AUC "
                + (Double.isNaN(r.auc()) ? "—" : String.format(Locale.ROOT, "%.3f (95%% CI %.3f–%.3f by DeLong et al. 1988; "
                        + "%.3f–%.3f by Hanley & McNeil 1982)", r.auc(), r.delongLow(), r.delongHigh(), r.low(), r.high()))
                + ", " + r.patients() + " patients (" + r.poor() + " poor outcomes)"
                + (r.leftOut() == 0 ? "" : ", " + r.leftOut() + " without a value left out") + ".\n";
    }

    /**
     * @param r the result of a continuous index's ROC
     * @return {@code {rule, detail, higher_is_worse, patients, poor, left_out, auc, low, high (Hanley and McNeil),
     *     delong_low, delong_high, points: [{threshold,
     *     fpr, tpr}]}} (the first point's threshold, +∞, is written as null)
     */
    public static ObjectNode indexRocJson(IndexRoc.Result r) {
        Objects.requireNonNull(r, "r");
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("rule", r.rule()).put("detail", r.detail()).put("higher_is_worse", r.higherIsWorse())
                .put("patients", r.patients()).put("poor", r.poor()).put("left_out", r.leftOut());
        if (Double.isNaN(r.auc())) {
            o.putNull("auc");
        } else {
            o.put("auc", r.auc()).put("low", r.low()).put("high", r.high()).put("delong_low", r.delongLow())
                    .put("delong_high", r.delongHigh());
        }
        ArrayNode pts = o.putArray("points");
        for (IndexRoc.Point p : r.points()) {
            ObjectNode q = pts.addObject();
            if (Double.isInfinite(p.threshold())) {
                q.putNull("threshold");
            } else {
                q.put("threshold", p.threshold());
            }
            q.put("fpr", p.fpr()).put("tpr", p.tpr());
        }
        return o;
    }

    /** The header of {@link #csv}. */
    public static final List<String> CSV_COLUMNS = List.of("outcome", "number", "label", "rule", "swept", "patients",
            "poor_outcomes", "evaluated", "flagged", "tp", "fp", "tn", "fn", "sensitivity", "sensitivity_low",
            "sensitivity_high", "specificity", "specificity_low", "specificity_high", "ppv", "ppv_low", "ppv_high", "npv",
            "npv_low", "npv_high", "median_first_flag", "not_occasions_per_patient", "lead_time_median", "lead_time_q1",
            "lead_time_q3", "groups", "not_occasions_per_group_median", "not_occasions_per_group_min",
            "not_occasions_per_group_max", "cluster_sensitivity_low", "cluster_sensitivity_high",
            "cluster_specificity_low", "cluster_specificity_high");

    /**
     * The comparison as flat CSV (RFC 4180, LF line ends), one row per rule with the columns of {@link #CSV_COLUMNS}:
     * proportions as fractions (not percent), empty cells where a value is undefined, the cluster-bootstrap bounds
     * only when {@code intervals} is not empty. For R ({@code read.csv}), pandas and spreadsheets.
     *
     * @param cmp the comparison
     * @param outcome the outcome the rules were judged against, or null
     * @param key the swept parameter, or null when the first rules are no sweep
     * @param values the swept values of the first rules (empty without a sweep)
     * @param intervals what {@code cmp.clusterBootstrap(…)} returned, or empty for none
     * @param header whether to start with the header line (false to append a further outcome's rows)
     * @return the CSV text
     */
    public static String csv(RuleComparison cmp, Outcome outcome, String key, List<String> values,
            List<RuleComparison.ClusterIntervals> intervals, boolean header) {
        Objects.requireNonNull(cmp, "cmp");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(intervals, "intervals");
        StringBuilder sb = new StringBuilder();
        if (header) {
            sb.append(String.join(",", CSV_COLUMNS)).append('\n');
        }
        List<Accuracy> ms = cmp.results();
        List<String> labels = cmp.labels();
        for (int i = 0; i < ms.size(); i++) {
            Accuracy m = ms.get(i);
            List<String> row = new java.util.ArrayList<>();
            row.add(outcome == null ? "" : outcome.spec());
            row.add(String.valueOf(i + 1));
            row.add(labels.get(i));
            row.add(m.rule());
            row.add(key != null && i < values.size() ? values.get(i) : "");
            row.add(String.valueOf(cmp.patients()));
            row.add(String.valueOf(cmp.poorOutcomes()));
            row.add(String.valueOf(cmp.evaluated(i)));
            for (int c : new int[] {m.flagged(), m.tp(), m.fp(), m.tn(), m.fn()}) {
                row.add(String.valueOf(c));
            }
            for (Interval w : List.of(m.sensitivity(), m.specificity(), m.ppv(), m.npv())) {
                row.add(cell(w.estimate()));
                row.add(cell(w.low()));
                row.add(cell(w.high()));
            }
            row.add(cell(m.medianFirstFlag()));
            row.add(cell(m.notOccasionsPerPatient()));
            row.add(cell(m.leadTime().median()));
            row.add(cell(m.leadTime().q1()));
            row.add(cell(m.leadTime().q3()));
            List<RuleComparison.GroupBurden> gb = cmp.groupBurden(i);
            GroupBurdenSummary g = gb.isEmpty() ? null : GroupBurdenSummary.of(gb);
            row.add(String.valueOf(gb.size()));
            row.add(g == null ? "" : cell(g.median));
            row.add(g == null ? "" : cell(g.min));
            row.add(g == null ? "" : cell(g.max));
            RuleComparison.ClusterIntervals ci = intervals.isEmpty() ? null : intervals.get(i);
            row.add(ci == null ? "" : cell(ci.sensitivity().low()));
            row.add(ci == null ? "" : cell(ci.sensitivity().high()));
            row.add(ci == null ? "" : cell(ci.specificity().low()));
            row.add(ci == null ? "" : cell(ci.specificity().high()));
            String sep = "";
            for (String v : row) {
                sb.append(sep).append(quote(v));
                sep = ",";
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * A CSV text field of the research tables: an apostrophe before a cell a spreadsheet would evaluate as a formula
     * (CSV injection), then RFC 4180 quoting (a field with a comma, quote or line break is quoted, inner quotes
     * doubled).
     */
    static String quote(String v) {
        String t = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (t.indexOf(',') < 0 && t.indexOf('"') < 0 && t.indexOf('\n') < 0 && t.indexOf('\r') < 0) {
            return t;
        }
        return '"' + t.replace("\"", "\"\"") + '"';
    }

    /** Median and range over groups of NOT occasions per group and of NOT occasions per patient within a group. */
    private static final class GroupBurdenSummary {
        int groups;
        double median;
        double min;
        double max;
        double perPatientMedian;
        double perPatientMin;
        double perPatientMax;

        static GroupBurdenSummary of(List<RuleComparison.GroupBurden> gb) {
            GroupBurdenSummary g = new GroupBurdenSummary();
            double[] total = gb.stream().mapToDouble(RuleComparison.GroupBurden::notOccasions).sorted().toArray();
            double[] per = gb.stream().mapToDouble(RuleComparison.GroupBurden::perPatient).sorted().toArray();
            g.groups = gb.size();
            g.median = Percentiles.of(total, 50);
            g.min = total[0];
            g.max = total[total.length - 1];
            g.perPatientMedian = Percentiles.of(per, 50);
            g.perPatientMin = per[0];
            g.perPatientMax = per[per.length - 1];
            return g;
        }
    }

    private static String fmt2(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * The cluster-bootstrap section, to follow {@link #markdown}: per rule sensitivity and specificity with 95%
     * intervals from resampling groups ({@link RuleComparison#clusterBootstrap}), and kappa between the rules with
     * its interval.
     *
     * @param cmp the comparison
     * @param intervals what {@code cmp.clusterBootstrap(…)} returned
     * @return the Markdown section
     */
    public static String clusterMarkdown(RuleComparison cmp, List<RuleComparison.ClusterIntervals> intervals) {
        Objects.requireNonNull(cmp, "cmp");
        Objects.requireNonNull(intervals, "intervals");
        if (intervals.isEmpty()) {
            return "";
        }
        RuleComparison.ClusterIntervals first = intervals.get(0);
        StringBuilder sb = new StringBuilder("\nCluster bootstrap over groups (").append(first.groups()).append(" groups, ")
                .append(first.replicates()).append(" replicates, seed ").append(first.seed())
                .append("; 95% percentile intervals):\n\n| # | sensitivity | specificity |\n|---|---|---|\n");
        for (int i = 0; i < intervals.size(); i++) {
            sb.append("| ").append(i + 1).append(" | ").append(pct(intervals.get(i).sensitivity())).append(" | ")
                    .append(pct(intervals.get(i).specificity())).append(" |\n");
        }
        if (intervals.size() > 1) {
            matrix(sb, "Cohen's kappa with cluster-bootstrap 95% intervals", intervals.size(), (i, j) -> {
                Interval k = intervals.get(i).kappa().get(j);
                return Double.isNaN(k.estimate()) ? "—" : Double.isNaN(k.low()) ? String.format(Locale.ROOT, "%.2f", k.estimate())
                        : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", k.estimate(), k.low(), k.high());
            });
        }
        return sb.toString();
    }

    /** Appends a rules × rules table under a title, numbering rows and columns as the main table does. */
    private static void matrix(StringBuilder sb, String title, int n,
            java.util.function.BiFunction<Integer, Integer, String> cell) {
        sb.append('\n').append(title).append(":\n\n|   |");
        for (int j = 0; j < n; j++) {
            sb.append(' ').append(j + 1).append(" |");
        }
        sb.append("\n|---|").append("---|".repeat(n)).append('\n');
        for (int i = 0; i < n; i++) {
            sb.append("| ").append(i + 1).append(" |");
            for (int j = 0; j < n; j++) {
                sb.append(' ').append(cell.apply(i, j)).append(" |");
            }
            sb.append('\n');
        }
    }

    private static void put(ObjectNode o, String name, Interval w) {
        if (Double.isNaN(w.estimate())) {
            o.putNull(name);
        } else {
            o.putObject(name).put("estimate", w.estimate()).put("low", w.low()).put("high", w.high());
        }
    }

    private static String pct(Interval w) {
        if (Double.isNaN(w.estimate())) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f)", 100 * w.estimate(), 100 * w.low(), 100 * w.high());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
