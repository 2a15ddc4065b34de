package org.openrom.rules.research;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** {@link SessionPrediction}'s result as Markdown and JSON, every statistic named. */
public final class SessionTables {
    private SessionTables() {
    }

    /**
     * @param r the result
     * @param labels the rules' short labels, in order
     * @return the Markdown tables
     */
    public static String markdown(SessionPrediction.Result r, List<String> labels) {
        java.util.Objects.requireNonNull(r, "r");
        java.util.Objects.requireNonNull(labels, "labels");
        StringBuilder sb = new StringBuilder("\nPrediction at session ").append(r.session()).append(": ").append(r.patients())
                .append(" patients observed at baseline and up to session ").append(r.session())
                .append(" with an outcome after it (").append(r.leftOut()).append(" left out). Rules: Not On Track by session ")
                .append(r.session()).append(". Logistic: the outcome on the scale's score at baseline and at session ")
                .append(r.session()).append(", cross-fitted in ").append(r.folds()).append(" folds (seed ").append(r.seed())
                .append("). AUROC with DeLong's 95% interval; Brier score; calibration intercept (ideal 0) and slope "
                        + "(ideal 1); balanced accuracy at a threshold of 0.5 for the logistic model.\n\n")
                .append("| # | predictor | balanced accuracy | sensitivity | specificity | AUROC | Brier | calibration intercept "
                        + "| calibration slope |\n|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < r.rules().size(); i++) {
            SessionPrediction.RuleAtSession x = r.rules().get(i);
            sb.append("| ").append(i + 1).append(" | ").append(labels.get(i)).append(" | ").append(f(x.balancedAccuracy()))
                    .append(" | ").append(pct(x.tp(), x.tp() + x.fn())).append(" | ").append(pct(x.tn(), x.tn() + x.fp()))
                    .append(" | — | — | — | — |\n");
        }
        PredictionMetrics m = r.logistic();
        if (m == null) {
            sb.append("| L | logistic | cannot be fitted: a fold's training part has one outcome only | | | | | | |\n");
        } else {
            sb.append("| L | logistic (baseline and session ").append(r.session()).append(" scores) | ")
                    .append(f(m.balancedAccuracy())).append(" | | | ").append(String.format(Locale.ROOT, "%.3f (%.3f–%.3f)",
                            m.auc(), m.aucLow(), m.aucHigh())).append(" | ").append(f(m.brier())).append(" | ")
                    .append(f(m.calibrationIntercept())).append(" | ").append(f(m.calibrationSlope())).append(" |\n");
        }
        if (m != null && !r.rules().isEmpty()) {
            sb.append("\nEach rule against the logistic baseline, on the same patients (DeLong's paired test of AUROCs; a "
                    + "rule's flags as a score of 0 or 1, whose AUROC is its balanced accuracy):\n\n| # | AUROC of the flags "
                    + "| AUROC of the baseline | z | p |\n|---|---|---|---|---|\n");
            for (int i = 0; i < r.rules().size(); i++) {
                List<Double> v = r.rules().get(i).versusLogistic();
                sb.append("| ").append(i + 1).append(" | ").append(f(v.get(0))).append(" | ").append(f(v.get(1))).append(" | ")
                        .append(String.format(Locale.ROOT, "%.2f", v.get(2))).append(" | ")
                        .append(v.get(3) < 0.001 ? "< 0.001" : f(v.get(3))).append(" |\n");
            }
        }
        sb.append("\nNet benefit at threshold probability t (TP/n − FP/n · t/(1 − t); Vickers & Elkin 2006):\n\n| predictor |");
        for (double t : PredictionMetrics.THRESHOLDS) {
            sb.append(' ').append(f1(t)).append(" |");
        }
        sb.append("\n|---|").append("---|".repeat(PredictionMetrics.THRESHOLDS.length)).append('\n');
        for (int i = 0; i < r.rules().size(); i++) {
            sb.append("| ").append(i + 1).append(" |");
            r.rules().get(i).netBenefit().forEach(v -> sb.append(' ').append(f(v)).append(" |"));
            sb.append('\n');
        }
        if (m != null) {
            sb.append("| L |");
            m.netBenefit().forEach(v -> sb.append(' ').append(f(v.model())).append(" |"));
            sb.append("\n| treat all |");
            m.netBenefit().forEach(v -> sb.append(' ').append(f(v.treatAll())).append(" |"));
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * @param r the result
     * @param labels the rules' short labels
     * @return {@code {session, patients, left_out, folds, seed, rules: [{rule, tp, fp, tn, fn, balanced_accuracy,
     *     net_benefit: […], versus_logistic: {auc_flags, auc_logistic, z, p}}], logistic: {n, events, auc, auc_low, auc_high, brier, calibration_intercept,
     *     calibration_slope, balanced_accuracy, net_benefit: [{threshold, model, treat_all}]} or null}}
     */
    public static ObjectNode json(SessionPrediction.Result r, List<String> labels) {
        java.util.Objects.requireNonNull(r, "r");
        java.util.Objects.requireNonNull(labels, "labels");
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("session", r.session()).put("patients", r.patients()).put("left_out", r.leftOut()).put("folds", r.folds())
                .put("seed", r.seed());
        ArrayNode rules = o.putArray("rules");
        for (int i = 0; i < r.rules().size(); i++) {
            SessionPrediction.RuleAtSession x = r.rules().get(i);
            ObjectNode q = rules.addObject().put("rule", labels.get(i)).put("tp", x.tp()).put("fp", x.fp()).put("tn", x.tn())
                    .put("fn", x.fn());
            num(q, "balanced_accuracy", x.balancedAccuracy());
            ArrayNode nb = q.putArray("net_benefit");
            x.netBenefit().forEach(v -> {
                if (Double.isNaN(v)) {
                    nb.addNull();
                } else {
                    nb.add(v);
                }
            });
            if (!x.versusLogistic().isEmpty()) {
                ObjectNode d = q.putObject("versus_logistic");
                num(d, "auc_flags", x.versusLogistic().get(0));
                num(d, "auc_logistic", x.versusLogistic().get(1));
                num(d, "z", x.versusLogistic().get(2));
                num(d, "p", x.versusLogistic().get(3));
            }
        }
        PredictionMetrics m = r.logistic();
        if (m == null) {
            o.putNull("logistic");
        } else {
            ObjectNode l = o.putObject("logistic").put("n", m.n()).put("events", m.events()).put("auc", m.auc())
                    .put("auc_low", m.aucLow()).put("auc_high", m.aucHigh()).put("brier", m.brier())
                    .put("calibration_intercept", m.calibrationIntercept()).put("calibration_slope", m.calibrationSlope())
                    .put("balanced_accuracy", m.balancedAccuracy());
            ArrayNode nb = l.putArray("net_benefit");
            m.netBenefit().forEach(v -> nb.addObject().put("threshold", v.threshold()).put("model", v.model())
                    .put("treat_all", v.treatAll()));
        }
        return o;
    }

    private static void num(ObjectNode o, String k, double v) {
        if (Double.isNaN(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(int x, int of) {
        return of == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", 100.0 * x / of);
    }
}
