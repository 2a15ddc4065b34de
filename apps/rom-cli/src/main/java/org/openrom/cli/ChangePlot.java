package org.openrom.cli;

import java.util.Locale;
import java.util.Map;
import org.openrom.core.instrument.Direction;
import org.openrom.rules.change.ChangeAnalysis;
import org.openrom.rules.change.ChangeCategory;
import org.openrom.rules.change.PatientChange;
import org.openrom.rules.change.RciMethod;
import org.owasp.encoder.Encode;

/**
 * {@code rom change --plot}: the pre–post scatter R users know from clinicalsignificance: post against pre, the line of
 * no change, the band of change that is not reliable (between the two lines where the method's index equals ±the
 * critical value; every method's index is linear in the post score, so each boundary is a straight line), the cut-off
 * on both axes when there is one, and each patient as a mark whose shape and colour say the category, with the counts
 * and percentages in the legend.
 */
final class ChangePlot {
    private static final int M = 56;
    private static final double SIZE = 360;
    private static final double TOP = 44;

    private ChangePlot() {
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The two boundaries at a pre score: the post scores where the index is −critical and +critical. */
    static double[] boundaries(RciMethod.Kernel k, double critical, double pre) {
        double at0 = k.index(pre, 0);
        double slope = k.index(pre, 1) - at0;
        return new double[] {(-critical - at0) / slope, (critical - at0) / slope};
    }

    /**
     * @param a the analysis
     * @param scale the scale's name
     * @param direction which end is healthy
     * @return the SVG
     */
    static String svg(ChangeAnalysis a, String scale, Direction direction) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (PatientChange p : a.patients()) {
            lo = Math.min(lo, Math.min(p.pre(), p.post()));
            hi = Math.max(hi, Math.max(p.pre(), p.post()));
        }
        if (a.cutoff().isPresent()) {
            lo = Math.min(lo, a.cutoff().getAsDouble());
            hi = Math.max(hi, a.cutoff().getAsDouble());
        }
        double pad = Math.max(1, (hi - lo) * 0.05);
        lo -= pad;
        hi += pad;
        // the axes start and end on a tick, so that no end label crowds its neighbour
        java.util.List<Double> t = org.openrom.report.TrajectoryChart.ticks(lo, hi);
        double step = t.size() >= 3 ? t.get(2) - t.get(1) : hi - lo;
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        Frame fr = new Frame(lo, hi);
        int w = (int) (M + SIZE + 24);
        int h = (int) (TOP + SIZE + 48 + 16 * 8);
        StringBuilder sb = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=\"sans-serif\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        sb.append("<text x=\"").append(f(M + SIZE / 2)).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" "
                + "font-weight=\"bold\">").append(Encode.forXml("Change on " + scale + ": post against pre")).append("</text>");
        sb.append("<text x=\"").append(f(M + SIZE / 2)).append("\" y=\"34\" text-anchor=\"middle\" font-size=\"11\">")
                .append(Encode.forXml(a.method().name() + " reliable change index, critical " + String.format(Locale.ROOT,
                        "%.3f", a.critical()) + "; " + a.n() + " patients; "
                        + (direction == Direction.LOWER_IS_BETTER ? "lower" : "higher") + " is better"))
                .append("</text>");
        axes(sb, fr);
        sb.append("<svg x=\"").append(M).append("\" y=\"").append(f(TOP)).append("\" width=\"").append(f(SIZE))
                .append("\" height=\"").append(f(SIZE)).append("\" overflow=\"hidden\">");
        band(sb, fr, a);
        points(sb, fr, a);
        sb.append("</svg>");
        legend(sb, a);
        return sb.append("</svg>\n").toString();
    }

    /** Scores to pixels inside the plot square (the inner svg's own coordinates). */
    private record Frame(double lo, double hi) {
        double x(double v) {
            return (v - lo) / (hi - lo) * SIZE;
        }

        double y(double v) {
            return (1 - (v - lo) / (hi - lo)) * SIZE;
        }
    }

    private static void axes(StringBuilder sb, Frame fr) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#555\"/>", M, TOP, SIZE, SIZE));
        for (double t : org.openrom.report.TrajectoryChart.ticks(fr.lo(), fr.hi())) {
            double x = M + fr.x(t);
            double y = TOP + fr.y(t);
            sb.append("<text class=\"xtick\" x=\"").append(f(x)).append("\" y=\"").append(f(TOP + SIZE + 14))
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(num(t)).append("</text>");
            sb.append("<text class=\"ytick\" x=\"").append(M - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(num(t)).append("</text>");
        }
        sb.append("<text x=\"").append(f(M + SIZE / 2)).append("\" y=\"").append(f(TOP + SIZE + 32))
                .append("\" text-anchor=\"middle\" font-size=\"12\">pre</text>");
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"12\" "
                + "transform=\"rotate(-90 14 %.0f)\">post</text>", TOP + SIZE / 2, TOP + SIZE / 2));
    }

    /** The line of no change, the band of unreliable change, and the cut-off on both axes. */
    private static void band(StringBuilder sb, Frame fr, ChangeAnalysis a) {
        RciMethod.Kernel k = a.method().kernel(a.parameters());
        double[] left = boundaries(k, a.critical(), fr.lo());
        double[] right = boundaries(k, a.critical(), fr.hi());
        sb.append("<polygon class=\"band\" points=\"").append(f(fr.x(fr.lo()))).append(',').append(f(fr.y(left[0])))
                .append(' ').append(f(fr.x(fr.hi()))).append(',').append(f(fr.y(right[0]))).append(' ')
                .append(f(fr.x(fr.hi()))).append(',').append(f(fr.y(right[1]))).append(' ').append(f(fr.x(fr.lo())))
                .append(',').append(f(fr.y(left[1]))).append("\" fill=\"#e5e7eb\" stroke=\"#6b7280\" stroke-dasharray=\"4,3\"/>");
        sb.append("<line class=\"identity\" x1=\"").append(f(fr.x(fr.lo()))).append("\" y1=\"").append(f(fr.y(fr.lo())))
                .append("\" x2=\"").append(f(fr.x(fr.hi()))).append("\" y2=\"").append(f(fr.y(fr.hi())))
                .append("\" stroke=\"#111827\"/>");
        if (a.cutoff().isPresent()) {
            double c = a.cutoff().getAsDouble();
            sb.append("<line class=\"cutoff\" x1=\"").append(f(fr.x(c))).append("\" y1=\"0\" x2=\"").append(f(fr.x(c)))
                    .append("\" y2=\"").append(f(SIZE)).append("\" stroke=\"#b35900\" stroke-dasharray=\"6,4\"/>");
            sb.append("<line class=\"cutoff\" x1=\"0\" y1=\"").append(f(fr.y(c))).append("\" x2=\"").append(f(SIZE))
                    .append("\" y2=\"").append(f(fr.y(c))).append("\" stroke=\"#b35900\" stroke-dasharray=\"6,4\"/>");
        }
    }

    private static final Map<ChangeCategory, String> COLOUR = Map.of(ChangeCategory.RECOVERED, "#166534",
            ChangeCategory.IMPROVED, "#16a34a", ChangeCategory.UNCHANGED, "#6b7280", ChangeCategory.DETERIORATED, "#dc2626",
            ChangeCategory.HARMED, "#7f1d1d");

    /** A mark per patient: a circle (recovered filled), a square for unchanged, a triangle for deterioration. */
    private static void points(StringBuilder sb, Frame fr, ChangeAnalysis a) {
        for (PatientChange p : a.patients()) {
            sb.append(mark(p.category(), fr.x(p.pre()), fr.y(p.post()), Encode.forXml(p.category().label()), "patient"));
        }
    }

    /** A category's mark; {@code cls} is "patient" in the plot and "key" in the legend. */
    private static String mark(ChangeCategory c, double x, double y, String title, String cls) {
        String colour = COLOUR.get(c);
        String t = "<title>" + title + "</title>";
        return switch (c) {
            case RECOVERED, IMPROVED -> "<circle class=\"" + cls + " " + c.label() + "\" cx=\"" + f(x) + "\" cy=\"" + f(y)
                    + "\" r=\"4\" fill=\"" + (c == ChangeCategory.RECOVERED ? colour : "#fff") + "\" stroke=\"" + colour
                    + "\" stroke-width=\"1.5\">" + t + "</circle>";
            case UNCHANGED -> "<rect class=\"" + cls + " unchanged\" x=\"" + f(x - 3.5) + "\" y=\"" + f(y - 3.5)
                    + "\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"" + colour + "\" stroke-width=\"1.5\">" + t + "</rect>";
            default -> "<path class=\"" + cls + " " + c.label() + "\" d=\"M" + f(x) + "," + f(y - 5) + " L" + f(x + 4.5) + ","
                    + f(y + 3.5) + " L" + f(x - 4.5) + "," + f(y + 3.5) + " Z\" fill=\"" + (c == ChangeCategory.HARMED
                    ? colour : "#fff") + "\" stroke=\"" + colour + "\" stroke-width=\"1.5\">" + t + "</path>";
        };
    }

    private static void legend(StringBuilder sb, ChangeAnalysis a) {
        double ly = TOP + SIZE + 52;
        int row = 0;
        for (ChangeCategory c : ChangeCategory.values()) {
            int n = a.count(c);
            if (n == 0 && (c == ChangeCategory.RECOVERED || c == ChangeCategory.HARMED) && a.cutoff().isEmpty()) {
                continue;
            }
            double y = ly + 16 * row++;
            sb.append(mark(c, M + 4, y - 4, Encode.forXml(c.label()), "key"));
            sb.append("<text class=\"legend\" x=\"").append(M + 14).append("\" y=\"").append(f(y)).append("\" font-size=\"11\">")
                    .append(Encode.forXml(c.label() + ": " + n + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * n / a.n())))
                    .append("</text>");
        }
        sb.append("<text class=\"legend\" x=\"").append(M).append("\" y=\"").append(f(ly + 16 * row)).append("\" font-size=\"11\">")
                .append("grey band: change that is not reliable; line: no change").append("</text>");
        if (a.cutoff().isPresent()) {
            sb.append("<text class=\"legend\" x=\"").append(M).append("\" y=\"").append(f(ly + 16 * row + 16))
                    .append("\" font-size=\"11\">").append(Encode.forXml("dashed: the cut-off, " + num(a.cutoff().getAsDouble())
                            + ", on both axes")).append("</text>");
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
