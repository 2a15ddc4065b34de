package org.openrom.cli;

import java.util.List;
import java.util.Locale;
import org.openrom.rules.research.IndexRoc;
import org.openrom.rules.research.RocCurve;
import org.openrom.rules.research.RuleComparison.Accuracy;
import org.owasp.encoder.Encode;

/**
 * An SVG ROC plot for a paper: sensitivity against 1 − specificity with ticks every 0.2 and axis titles, one
 * numbered point per rule with Wilson 95% whiskers on both axes (capped, dark enough to print), the chance diagonal,
 * for a sweep the curve through its operating points and its AUC in the title, the outcome under the title, and a
 * legend that names each point by a short label (the swept value, or the rule) and says what the whiskers are. With
 * several outcomes, {@link #panel} puts one such figure per outcome side by side in one file.
 */
final class RocPlot {
    /** The left margin, the side of the square plot and its top, in pixels. */
    private static final int M = 56;
    private static final double SIZE = 340;
    private static final double TOP = 40;

    private RocPlot() {
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * @param ms the accuracies, in table order
     * @param sweepKey the swept parameter, or null when there is no sweep
     * @param values the swept values of the first rules (empty without a sweep)
     */
    static String svg(List<Accuracy> ms, String sweepKey, List<String> values) {
        List<String> labels = new java.util.ArrayList<>();
        ms.forEach(a -> labels.add(shortLabel(a.rule())));
        return svg(ms, labels, sweepKey, values, null, null);
    }

    /**
     * One figure per outcome, side by side, in one SVG: each names its outcome.
     *
     * @param figures the figures ({@link #svg}), in outcome order
     * @return the panel (the figure itself when there is one)
     */
    static String panel(List<String> figures) {
        if (figures.size() == 1) {
            return figures.get(0);
        }
        int w = 0;
        int h = 0;
        List<int[]> sizes = new java.util.ArrayList<>();
        for (String f : figures) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("width=\"(\\d+)\" height=\"(\\d+)\"").matcher(f);
            if (!m.find()) {
                throw new IllegalArgumentException("not a figure of RocPlot");
            }
            int[] wh = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            sizes.add(wh);
            w += wh[0];
            h = Math.max(h, wh[1]);
        }
        StringBuilder sb = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=\"sans-serif\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        int x = 0;
        for (int i = 0; i < figures.size(); i++) {
            String f = figures.get(i).strip();
            // the figure as a nested svg at its offset (the namespace is the outer one's)
            sb.append("<svg x=\"").append(x).append('"').append(f.substring(f.indexOf("<svg") + 4 + f.substring(f.indexOf("<svg")
                    + 4).indexOf(' ')).replace(" xmlns=\"http://www.w3.org/2000/svg\"", ""));
            x += sizes.get(i)[0];
        }
        return sb.append("</svg>\n").toString();
    }

    /**
     * @param ms the accuracies, in table order
     * @param labels the rules' short labels, in table order
     * @param sweepKey the swept parameter, or null when there is no sweep
     * @param values the swept values of the first rules (empty without a sweep)
     * @param index the ROC of a continuous index, drawn as a step curve, or null
     * @param outcome the outcome the rules are judged against, named under the title, or null
     */
    static String svg(List<Accuracy> ms, List<String> labels, String sweepKey, List<String> values, IndexRoc.Result index,
            String outcome) {
        int legendRows = ms.size() + 1 + (index == null ? 0 : 2);
        int w = (int) (M + SIZE + 24);
        int h = (int) (M + SIZE + 48 + 16 * legendRows);
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" font-family=\"sans-serif\">");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        RocCurve curve = sweepKey == null ? null : RocCurve.of(ms.subList(0, values.size()));
        double auc = curve == null ? Double.NaN : curve.auc();
        String title = sweepKey == null && index != null && !Double.isNaN(index.auc())
                ? String.format(Locale.ROOT, "ROC of %s (AUC %.3f)", index.detail(), index.auc())
                : sweepKey == null ? "ROC: sensitivity against 1 − specificity"
                : "ROC of the sweep of " + sweepKey + (Double.isNaN(auc) ? "" : String.format(Locale.ROOT, " (AUC %.3f)", auc));
        sb.append("<text x=\"").append(f(M + SIZE / 2)).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" "
                + "font-weight=\"bold\">").append(Encode.forXml(title)).append("</text>");
        if (outcome != null) {
            sb.append("<text class=\"outcome\" x=\"").append(f(M + SIZE / 2)).append("\" y=\"33\" text-anchor=\"middle\" "
                    + "font-size=\"11\">").append(Encode.forXml("outcome: " + outcome)).append("</text>");
        }
        grid(sb);
        curves(sb, curve, index);
        operatingPoints(sb, ms);
        legend(sb, ms, labels, sweepKey, values, index);
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** The square, its grid and ticks, the diagonal of chance and the axis titles. */
    private static void grid(StringBuilder sb) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#555\"/>",
                M, TOP, SIZE, SIZE));
        for (int i = 0; i <= 5; i++) {
            double t = i / 5.0;
            double x = M + t * SIZE;
            double y = TOP + (1 - t) * SIZE;
            sb.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(f(TOP)).append("\" x2=\"").append(f(x))
                    .append("\" y2=\"").append(f(TOP + SIZE)).append("\" stroke=\"#eee\"/>");
            sb.append("<line x1=\"").append(M).append("\" y1=\"").append(f(y)).append("\" x2=\"").append(f(M + SIZE))
                    .append("\" y2=\"").append(f(y)).append("\" stroke=\"#eee\"/>");
            sb.append("<text class=\"xtick\" x=\"").append(f(x)).append("\" y=\"").append(f(TOP + SIZE + 14))
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(String.format(Locale.ROOT, "%.1f", t)).append("</text>");
            sb.append("<text class=\"ytick\" x=\"").append(M - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(String.format(Locale.ROOT, "%.1f", t)).append("</text>");
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\" "
                + "stroke-dasharray=\"4,4\"/>", M, TOP + SIZE, M + SIZE, TOP));
        sb.append("<text x=\"").append(f(M + SIZE / 2)).append("\" y=\"").append(f(TOP + SIZE + 32))
                .append("\" text-anchor=\"middle\" font-size=\"12\">1 − specificity (false-positive rate)</text>");
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"12\" "
                + "transform=\"rotate(-90 14 %.0f)\">sensitivity</text>", TOP + SIZE / 2, TOP + SIZE / 2));
    }

    /** The sweep's ROC curve and the continuous index's step curve, where there are. */
    private static void curves(StringBuilder sb, RocCurve curve, IndexRoc.Result index) {
        if (curve != null) {
            StringBuilder line = new StringBuilder(f(M) + "," + f(TOP + SIZE));
            for (RocCurve.Point p : curve.points()) {
                line.append(' ').append(f(M + p.fpr() * SIZE)).append(',').append(f(TOP + (1 - p.tpr()) * SIZE));
            }
            line.append(' ').append(f(M + SIZE)).append(',').append(f(TOP));
            sb.append("<polyline points=\"").append(line).append("\" fill=\"none\" stroke=\"#1f4e8c\" stroke-width=\"1.5\"/>");
        }
        if (index != null && index.points().size() > 1) {
            StringBuilder line = new StringBuilder();
            for (IndexRoc.Point p : index.points()) {
                line.append(line.length() == 0 ? "" : " ").append(f(M + p.fpr() * SIZE)).append(',')
                        .append(f(TOP + (1 - p.tpr()) * SIZE));
            }
            sb.append("<polyline class=\"index\" points=\"").append(line).append("\" fill=\"none\" stroke=\"#b45309\" "
                    + "stroke-width=\"1.5\"/>");
        }
    }

    /** Each rule's operating point with the Wilson 95% intervals as whiskers and its number. */
    private static void operatingPoints(StringBuilder sb, List<Accuracy> ms) {
        for (int i = 0; i < ms.size(); i++) {
            Accuracy x = ms.get(i);
            if (x.tp() + x.fn() == 0 || x.tn() + x.fp() == 0) {
                continue;
            }
            double fpr = 1 - x.specificity().estimate();
            double tpr = x.sensitivity().estimate();
            double cx = M + fpr * SIZE;
            double cy = TOP + (1 - tpr) * SIZE;
            // whiskers: Wilson 95% intervals of sensitivity (vertical) and of 1 − specificity (horizontal)
            double yLow = TOP + (1 - x.sensitivity().low()) * SIZE;
            double yHigh = TOP + (1 - x.sensitivity().high()) * SIZE;
            double xLow = M + (1 - x.specificity().high()) * SIZE;
            double xHigh = M + (1 - x.specificity().low()) * SIZE;
            sb.append(whisker(cx, yLow, cx, yHigh)).append(whisker(xLow, cy, xHigh, cy));
            // caps at the four ends, so that a short interval is still seen
            sb.append(whisker(cx - 3, yLow, cx + 3, yLow)).append(whisker(cx - 3, yHigh, cx + 3, yHigh))
                    .append(whisker(xLow, cy - 3, xLow, cy + 3)).append(whisker(xHigh, cy - 3, xHigh, cy + 3));
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#1f4e8c\"><title>", cx, cy))
                    .append(Encode.forXml(x.rule())).append("</title></circle>");
            // rules at the same operating point share one label ("1, 2"), written once, so numbers never overprint
            StringBuilder number = new StringBuilder();
            boolean first = true;
            for (int j = 0; j < ms.size(); j++) {
                Accuracy y = ms.get(j);
                if (y.tp() == x.tp() && y.fp() == x.fp() && y.tn() == x.tn() && y.fn() == x.fn()) {
                    if (j < i) {
                        first = false;
                    }
                    number.append(number.length() == 0 ? "" : ", ").append(j + 1);
                }
            }
            if (first) {
                sb.append(String.format(Locale.ROOT, "<text class=\"point\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>",
                        cx + 6, cy - 6, number));
            }
        }
    }

    private static String whisker(double x1, double y1, double x2, double y2) {
        return "<line class=\"whisker\" x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2)
                + "\" stroke=\"#374151\" stroke-width=\"1.5\"/>";
    }

    /** The numbered rules (or swept values), what the whiskers are, and the index curve's AUC. */
    private static void legend(StringBuilder sb, List<Accuracy> ms, List<String> labels, String sweepKey,
            List<String> values, IndexRoc.Result index) {
        double ly = TOP + SIZE + 52;
        for (int i = 0; i < ms.size(); i++) {
            String label = i < values.size() ? sweepKey + " = " + values.get(i) : labels.get(i);
            sb.append("<text class=\"legend\" x=\"").append(M).append("\" y=\"").append(f(ly + 16 * i)).append("\" font-size=\"11\">")
                    .append(i + 1).append(": ").append(Encode.forXml(label)).append("</text>");
        }
        sb.append("<text class=\"legend\" x=\"").append(M).append("\" y=\"").append(f(ly + 16 * ms.size()))
                .append("\" font-size=\"11\">whiskers: Wilson 95% intervals of sensitivity and of 1 − specificity</text>");
        ly += 16;
        if (index != null) {
            String label = "orange curve: every threshold on " + index.detail() + " of rule 1";
            String area = Double.isNaN(index.auc()) ? "AUC undefined (one outcome only)"
                    : String.format(Locale.ROOT, "AUC %.3f (95%% CI %.3f–%.3f, DeLong)", index.auc(), index.delongLow(),
                            index.delongHigh());
            sb.append("<text class=\"legend\" x=\"").append(M).append("\" y=\"").append(f(ly + 16 * ms.size()))
                    .append("\" font-size=\"11\">").append(Encode.forXml(label)).append("</text>");
            sb.append("<text class=\"legend\" x=\"").append(M + 12).append("\" y=\"").append(f(ly + 16 * ms.size() + 16))
                    .append("\" font-size=\"11\">").append(Encode.forXml(area)).append("</text>");
        }
    }

    /** @return a rule's id, and for a wrapping rule the id it wraps: {@code persistent(deterioration-or-no-change)} */
    static String shortLabel(String spec) {
        int colon = spec.indexOf(':');
        String id = colon < 0 ? spec : spec.substring(0, colon);
        int open = spec.indexOf('(');
        if (open > 0) {
            String inner = spec.substring(open + 1);
            int end = inner.indexOf(':');
            end = end < 0 ? inner.indexOf(')') : end;
            return id + "(" + (end < 0 ? inner : inner.substring(0, end)) + ")";
        }
        return id;
    }
}
