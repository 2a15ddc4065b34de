package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.openrom.rules.research.RuleComparison.Accuracy;

/**
 * The empirical ROC curve of a parameter sweep: one operating point (1 − specificity, sensitivity) per swept
 * value, joined in order of 1 − specificity and closed by (0, 0) and (1, 1). Its area, by the trapezoidal rule,
 * summarises how well the swept family of rules separates poor from good outcomes over the range swept (Hanley
 * &amp; McNeil 1982 for the area under an empirical ROC); it is the AUC of the sweep's operating points, not of a
 * continuous index, and depends on the range and step of the sweep.
 *
 * @param points the operating points, sorted by 1 − specificity, then sensitivity
 * @param auc the area under the curve through (0, 0), the points and (1, 1); NaN when no point is defined
 */
public record RocCurve(List<Point> points, double auc) {
    /**
     * One operating point.
     *
     * @param rule the rule's canonical spec
     * @param fpr 1 − specificity
     * @param tpr sensitivity
     */
    public record Point(String rule, double fpr, double tpr) {
    }

    /** Copies. */
    public RocCurve {
        points = List.copyOf(Objects.requireNonNull(points, "points"));
    }

    /**
     * @param accuracies one per swept value (rules whose sensitivity or specificity is undefined are left out)
     * @return the curve and its area
     */
    public static RocCurve of(List<Accuracy> accuracies) {
        Objects.requireNonNull(accuracies, "accuracies");
        List<Point> pts = new ArrayList<>();
        for (Accuracy a : accuracies) {
            int pos = a.tp() + a.fn();
            int neg = a.tn() + a.fp();
            if (pos > 0 && neg > 0) {
                pts.add(new Point(a.rule(), (double) a.fp() / neg, (double) a.tp() / pos));
            }
        }
        pts.sort(Comparator.comparingDouble(Point::fpr).thenComparingDouble(Point::tpr));
        if (pts.isEmpty()) {
            return new RocCurve(pts, Double.NaN);
        }
        double area = 0;
        double x = 0;
        double y = 0;
        for (Point p : pts) {
            area += (p.fpr() - x) * (p.tpr() + y) / 2;
            x = p.fpr();
            y = p.tpr();
        }
        area += (1 - x) * (1 + y) / 2;
        return new RocCurve(pts, area);
    }
}
