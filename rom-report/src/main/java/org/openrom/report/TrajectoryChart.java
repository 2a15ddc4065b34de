package org.openrom.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openrom.core.instrument.DisplayOrientation;
import org.openrom.core.report.PatientComment;
import org.openrom.core.report.Trajectory;
import org.openrom.core.report.TrajectoryPoint;
import org.owasp.encoder.Encode;

/**
 * A standalone SVG chart of one trajectory: display values over sessions ("up is better"), the cut-off
 * line, the expected band when the rule has one, NOT occasions marked, and the patient's comments as
 * tooltips ({@code <title>}). Output is well-formed XML; every text is escaped.
 */
public final class TrajectoryChart {
    private TrajectoryChart() {
    }

    /**
     * @param t the trajectory
     * @param comments the patient's comments (shown as tooltips at their occasion)
     * @param width the width in pixels (≥ 120)
     * @param height the height in pixels (≥ 60)
     * @return the SVG document
     */
    public static String svg(Trajectory t, List<PatientComment> comments, int width, int height) {
        java.util.Objects.requireNonNull(t, "t");
        java.util.Objects.requireNonNull(comments, "comments");
        return render(t, comments, width, height, true, UiText.ENGLISH);
    }

    /** @return a small chart without axes labels, for overview tables */
    public static String sparkline(Trajectory t, int width, int height) {
        java.util.Objects.requireNonNull(t, "t");
        return render(t, List.of(), width, height, false, UiText.ENGLISH);
    }

    static String svg(Trajectory t, List<PatientComment> comments, int width, int height, UiText ui) {
    java.util.Objects.requireNonNull(t, "t");
    java.util.Objects.requireNonNull(comments, "comments");
        return render(t, comments, width, height, true, ui);
    }

    static String sparkline(Trajectory t, int width, int height, UiText ui) {
    java.util.Objects.requireNonNull(t, "t");
        return render(t, List.of(), width, height, false, ui);
    }

    private static String render(Trajectory t, List<PatientComment> comments, int width, int height, boolean full,
            UiText ui) {
        int left = full ? 40 : 4;
        int right = full ? 12 : 4;
        int top = full ? 24 : 4;
        int bottom = full ? 28 : 4;
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        List<TrajectoryPoint> pts = t.points();
        int first = pts.isEmpty() ? 0 : pts.get(0).occasion();
        int last = pts.isEmpty() ? 1 : Math.max(first + 1, pts.get(pts.size() - 1).occasion());
        double lo = Math.min(t.min(), t.max());
        double hi = Math.max(t.min(), t.max());
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(Encode.forXmlAttribute(t.label() + " " + ui.get("chart.over"))).append("\">");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#ffffff\"/>");
        if (full) {
            sb.append("<text x=\"").append(left).append("\" y=\"16\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#222\">")
                    .append(Encode.forXml(t.label() + (t.display() == DisplayOrientation.REVERSED ? " " + ui.get("chart.reversed")
                            : t.direction().name().startsWith("HIGHER") ? " " + ui.get("chart.up") : "")))
                    .append("</text>");
        }
        // expected band
        List<double[]> band = new ArrayList<>();
        for (TrajectoryPoint p : pts) {
            if (p.hasExpected()) {
                double a = clamp(t.displayOf(p.expectedLow()), lo, hi);
                double b = clamp(t.displayOf(p.expectedHigh()), lo, hi);
                band.add(new double[] {p.occasion(), Math.min(a, b), Math.max(a, b)});
            }
        }
        if (band.size() >= 2) {
            StringBuilder poly = new StringBuilder();
            for (double[] b : band) {
                poly.append(fmt(x(b[0], first, last, left, plotW))).append(',').append(fmt(y(b[2], lo, hi, top, plotH))).append(' ');
            }
            for (int i = band.size() - 1; i >= 0; i--) {
                double[] b = band.get(i);
                poly.append(fmt(x(b[0], first, last, left, plotW))).append(',').append(fmt(y(b[1], lo, hi, top, plotH))).append(' ');
            }
            sb.append("<polygon class=\"expected\" points=\"").append(poly.toString().trim())
                    .append("\" fill=\"#dde8f6\" stroke=\"none\"><title>expected range</title></polygon>");
        }
        if (full) {
            sb.append("<line x1=\"").append(left).append("\" y1=\"").append(top + (int) plotH).append("\" x2=\"")
                    .append(left + (int) plotW).append("\" y2=\"").append(top + (int) plotH).append("\" stroke=\"#888\"/>");
            sb.append("<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"").append(left)
                    .append("\" y2=\"").append(top + (int) plotH).append("\" stroke=\"#888\"/>");
            sb.append(label(left - 4, y(hi, lo, hi, top, plotH) + 4, "end", Text.num(hi)));
            sb.append(label(left - 4, y(lo, lo, hi, top, plotH) + 4, "end", Text.num(lo)));
            for (TrajectoryPoint p : pts) {
                sb.append(label(x(p.occasion(), first, last, left, plotW), top + plotH + 16, "middle",
                        String.valueOf(p.occasion())));
            }
            sb.append(label(left + plotW / 2, height - 2, "middle", "session"));
        }
        if (t.hasCutoff()) {
            double c = y(clamp(t.displayOf(t.cutoff()), lo, hi), lo, hi, top, plotH);
            sb.append("<line class=\"cutoff\" x1=\"").append(left).append("\" y1=\"").append(fmt(c)).append("\" x2=\"")
                    .append(fmt(left + plotW)).append("\" y2=\"").append(fmt(c))
                    .append("\" stroke=\"#b35900\" stroke-dasharray=\"5,4\"><title>")
                    .append(Encode.forXml(ui.get("chart.cutoff") + " " + Text.num(t.cutoff()))).append("</title></line>");
        }
        if (!pts.isEmpty()) {
            StringBuilder line = new StringBuilder();
            for (TrajectoryPoint p : pts) {
                line.append(fmt(x(p.occasion(), first, last, left, plotW))).append(',')
                        .append(fmt(y(clamp(p.display(), lo, hi), lo, hi, top, plotH))).append(' ');
            }
            sb.append("<polyline points=\"").append(line.toString().trim())
                    .append("\" fill=\"none\" stroke=\"#1f4e8c\" stroke-width=\"2\"/>");
        }
        for (TrajectoryPoint p : pts) {
            boolean not = p.status().equals("NOT_ON_TRACK");
            double cx = x(p.occasion(), first, last, left, plotW);
            double cy = y(clamp(p.display(), lo, hi), lo, hi, top, plotH);
            StringBuilder tip = new StringBuilder(t.label() + " " + Text.num(p.score()) + " " + ui.get("chart.at") + " "
                    + p.occasion());
            if (!p.status().isEmpty()) {
                tip.append(" — ").append(ui.status(p.status()));
            }
            for (PatientComment c : comments) {
                if (c.occasion() == p.occasion()) {
                    tip.append('\n').append(ui.get("chart.comment")).append(": ").append(c.text());
                }
            }
            sb.append("<circle class=\"").append(not ? "not" : "point").append("\" cx=\"").append(fmt(cx)).append("\" cy=\"")
                    .append(fmt(cy)).append("\" r=\"").append(full ? (not ? 6 : 4) : (not ? 3 : 2)).append("\" fill=\"")
                    .append(not ? "#c0392b" : "#1f4e8c").append("\"><title>").append(Encode.forXml(tip.toString()))
                    .append("</title></circle>");
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static String label(double x, double y, String anchor, String text) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor
                + "\" font-family=\"sans-serif\" font-size=\"10\" fill=\"#555\">" + Encode.forXml(text) + "</text>";
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double x(double occasion, int first, int last, int left, double w) {
        return left + (occasion - first) / (double) (last - first) * w;
    }

    private static double y(double display, double lo, double hi, int top, double h) {
        return top + (hi - display) / (hi - lo) * h;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
