package org.openrom.rules.research;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The paired comparisons of {@link RuleComparison#paired} and {@link RuleComparison#pairedAuc} as Markdown and JSON:
 * every pair of rules, McNemar's test of their sensitivities and of their specificities in its three forms, and DeLong's
 * paired test of their areas under the ROC curve, each named.
 */
public final class PairedTables {
    private PairedTables() {
    }

    /**
     * @param cmp a comparison of two or more rules
     * @return the Markdown table (empty with fewer than two rules)
     */
    public static String markdown(RuleComparison cmp) {
        java.util.Objects.requireNonNull(cmp, "cmp");
        int n = cmp.labels().size();
        if (n < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nPaired comparisons between rules on the same patients (McNemar's test; b: "
                + "patients the first rule judges right and the second wrong, c: the reverse; chi-square with 1 df without "
                + "and with continuity correction, and the exact binomial test):\n\n| rules | measure | b | c | chi-square (p) "
                + "| corrected (p) | exact p |\n|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                RuleComparison.Paired p = cmp.paired(i, j);
                row(sb, (i + 1) + " vs " + (j + 1), "sensitivity", p.sensitivity());
                row(sb, (i + 1) + " vs " + (j + 1), "specificity", p.specificity());
            }
        }
        sb.append("\nThe same pairs by DeLong's paired test of the areas under the ROC curve (DeLong, DeLong & Clarke-Pearson "
                + "1988; a rule's score is its flag, so its area is (sensitivity + specificity) / 2):\n\n| rules | area, "
                + "first | area, second | z | p |\n|---|---|---|---|---|\n");
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                RuleComparison.PairedAuc d = cmp.pairedAuc(i, j);
                sb.append("| ").append(i + 1).append(" vs ").append(j + 1).append(" | ").append(area(d.firstAuc()))
                        .append(" | ").append(area(d.secondAuc())).append(" | ").append(num(d.z())).append(" | ")
                        .append(p(d.p())).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String rules, String measure, McNemar m) {
        sb.append("| ").append(rules).append(" | ").append(measure).append(" | ").append(m.b()).append(" | ").append(m.c())
                .append(" | ").append(num(m.chiSquare())).append(" (").append(p(m.p())).append(") | ")
                .append(num(m.chiSquareCorrected())).append(" (").append(p(m.pCorrected())).append(") | ").append(p(m.pExact()))
                .append(" |\n");
    }

    /**
     * @param cmp a comparison
     * @return {@code [{"first", "second", "sensitivity": {b, c, chi_square, p, chi_square_corrected, p_corrected,
     *     p_exact}, "specificity": {…}, "auc": {first, second, z, p}}]}, every pair of rules once (NaN as null)
     */
    public static ArrayNode json(RuleComparison cmp) {
        java.util.Objects.requireNonNull(cmp, "cmp");
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int n = cmp.labels().size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                RuleComparison.Paired p = cmp.paired(i, j);
                ObjectNode o = out.addObject().put("first", p.first()).put("second", p.second());
                put(o.putObject("sensitivity"), p.sensitivity());
                put(o.putObject("specificity"), p.specificity());
                RuleComparison.PairedAuc d = cmp.pairedAuc(i, j);
                ObjectNode auc = o.putObject("auc");
                number(auc, "first", d.firstAuc());
                number(auc, "second", d.secondAuc());
                number(auc, "z", d.z());
                number(auc, "p", d.p());
            }
        }
        return out;
    }

    private static void put(ObjectNode o, McNemar m) {
        o.put("b", m.b()).put("c", m.c());
        number(o, "chi_square", m.chiSquare());
        number(o, "p", m.p());
        number(o, "chi_square_corrected", m.chiSquareCorrected());
        number(o, "p_corrected", m.pCorrected());
        number(o, "p_exact", m.pExact());
    }

    private static void number(ObjectNode o, String k, double v) {
        if (Double.isNaN(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    private static String area(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A p-value as papers print it: three decimals, or "< 0.001". */
    private static String p(double v) {
        return Double.isNaN(v) ? "—" : v < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", v);
    }
}
