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
 * A standalone SVG chart of one trajectory, drawn so that it reads correctly without hovering: the y axis is
 * labelled with raw scores in the display orientation (a reversed scale has its best score at the top, and the
 * page says so), the raw score is written at the last point, NOT occasions are a different shape as well as a
 * different colour, missed sessions are marked on the session axis, and the cut-off and the expected band are
 * drawn (the page gives their legend). Comments are tooltips ({@code <title>}) as a bonus, never the only
 * place of a number. It scales with its container ({@code viewBox}); it has a {@code title} and a {@code desc}
 * listing every score, for screen readers. Output is well-formed XML; every text is escaped.
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
        return render(t, comments, List.of(), width, height, true, UiText.ENGLISH, "chart", t.rule(), Double.NaN);
    }

    /** @return a small chart without axes labels, for overview tables */
    public static String sparkline(Trajectory t, int width, int height) {
        java.util.Objects.requireNonNull(t, "t");
        return render(t, List.of(), List.of(), width, height, false, UiText.ENGLISH, "spark", t.rule(), Double.NaN);
    }

    /**
     * @param ruleName the rule's name, said on every NOT marker
     * @param threshold the score at which the rule flags a patient, drawn as a line, or NaN when it has none
     */
    static String svg(Trajectory t, List<PatientComment> comments, List<Integer> missed, int width, int height, UiText ui,
            String id, String ruleName, double threshold) {
        return render(t, comments, missed, width, height, true, ui, id, ruleName, threshold);
    }

    static String sparkline(Trajectory t, int width, int height, UiText ui, String id) {
        return render(t, List.of(), List.of(), width, height, false, ui, id, t.rule(), Double.NaN);
    }

    /** @return how the axis is oriented, in words: what a reader must know before reading the chart */
    static String orientation(Trajectory t, UiText ui) {
        double lo = Math.min(t.min(), t.max());
        double hi = Math.max(t.min(), t.max());
        if (t.display() == DisplayOrientation.REVERSED) {
            return ui.format("chart.axis.reversed", ui.num(lo), ui.num(hi));
        }
        return t.direction().name().startsWith("HIGHER") ? ui.get("chart.axis.upBetter") : ui.get("chart.axis.upWorse");
    }

    /**
     * Tick values for an axis over [lo, hi] (also used by the command line's plots).
     *
     * @param lo the lower end
     * @param hi the upper end, above lo
     * @return tick values: the smallest round step (1, 2, 2.5 or 5 times a power of ten) giving at most six
     *     intervals over [lo, hi]; an end that is not a multiple of the step is added when it is at least half a
     *     step from its neighbour, so that no two labels crowd
     */
    public static List<Double> ticks(double lo, double hi) {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("ticks: expected finite lo < hi, got " + lo + ", " + hi);
        }
        double range = hi - lo;
        double step = 1;
        double[] mult = {1, 2, 2.5, 5};
        outer:
        for (double mag = 1e-3; mag < 1e9; mag *= 10) {
            for (double m : mult) {
                if (range / (m * mag) <= 6 + 1e-9) {
                    step = m * mag;
                    break outer;
                }
            }
        }
        List<Double> out = new ArrayList<>();
        for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) {
            out.add(Math.round(k * step * 1e6) / 1e6 + 0.0);
        }
        if (out.isEmpty() || out.get(0) - lo >= step / 2) {
            out.add(0, lo);
        }
        if (hi - out.get(out.size() - 1) >= step / 2) {
            out.add(hi);
        }
        return out;
    }

    private static String render(Trajectory t, List<PatientComment> comments, List<Integer> missed, int width, int height,
            boolean full, UiText ui, String id, String ruleName, double threshold) {
        int left = full ? 40 : 4;
        int right = full ? 40 : 4;
        int top = full ? 12 : 4;
        int bottom = full ? 34 : 4;
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        List<TrajectoryPoint> pts = t.points();
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (TrajectoryPoint p : pts) {
            first = Math.min(first, p.occasion());
            last = Math.max(last, p.occasion());
        }
        for (int m : missed) {
            first = Math.min(first, m);
            last = Math.max(last, m);
        }
        if (first == Integer.MAX_VALUE) {
            first = 0;
            last = 1;
        }
        last = Math.max(first + 1, last);
        double lo = Math.min(t.min(), t.max());
        double hi = Math.max(t.min(), t.max());
        Frame f = new Frame(width, height, full, left, top, plotW, plotH, first, last, lo, hi);
        StringBuilder sb = new StringBuilder();
        open(sb, t, pts, ui, id, f);
        band(sb, t, pts, f);
        if (full) {
            axes(sb, t, missed, ui, f);
        }
        if (full) {
            references(sb, t, pts, ui, f, threshold);
        }
        lines(sb, t, pts, f);
        points(sb, t, pts, comments, ui, f, ruleName);
        lastScore(sb, pts, ui, f);
        sb.append("</svg>");
        return sb.toString();
    }

    /** Where the plot area lies and what it spans: sessions across, the displayed scale up. */
    private record Frame(int width, int height, boolean full, int left, int top, double plotW, double plotH, int first,
            int last, double lo, double hi) {
        double x(double occasion) {
            return TrajectoryChart.x(occasion, first, last, left, plotW);
        }

        double y(double display) {
            return TrajectoryChart.y(display, lo, hi, top, plotH);
        }
    }

    /** The svg element, its accessible title and description, and the background. */
    private static void open(StringBuilder sb, Trajectory t, List<TrajectoryPoint> pts, UiText ui, String id, Frame f) {
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(f.width()).append("\" height=\"").append(f.height())
                .append("\" viewBox=\"0 0 ").append(f.width()).append(' ').append(f.height()).append("\" role=\"img\"");
        StringBuilder desc = new StringBuilder();
        if (f.full()) {
            sb.append(" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\"");
            desc.append(orientation(t, ui));
            for (TrajectoryPoint p : pts) {
                desc.append(' ').append(ui.get("Session")).append(' ').append(p.occasion()).append(": ")
                        .append(ui.num(p.score())).append(p.status().isEmpty() ? "" : " (" + ui.status(p.status()) + ")")
                        .append('.');
            }
        } else {
            sb.append(" aria-label=\"").append(Encode.forXmlAttribute(t.label())).append('"');
        }
        sb.append(" class=\"chart\">");
        if (f.full()) {
            sb.append("<title id=\"").append(id).append("-title\">").append(Encode.forXml(t.label())).append("</title><desc id=\"")
                    .append(id).append("-desc\">").append(Encode.forXml(desc.toString())).append("</desc>");
        }
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(f.width()).append("\" height=\"").append(f.height())
                .append("\" fill=\"#ffffff\"/>");
    }

    /** The expected band, where the rule gives one at two or more sessions. */
    private static void band(StringBuilder sb, Trajectory t, List<TrajectoryPoint> pts, Frame f) {
        List<double[]> band = new ArrayList<>();
        for (TrajectoryPoint p : pts) {
            if (p.hasExpected()) {
                double a = clamp(t.displayOf(p.expectedLow()), f.lo(), f.hi());
                double b = clamp(t.displayOf(p.expectedHigh()), f.lo(), f.hi());
                band.add(new double[] {p.occasion(), Math.min(a, b), Math.max(a, b)});
            }
        }
        if (band.size() >= 2) {
            StringBuilder poly = new StringBuilder();
            for (double[] b : band) {
                poly.append(fmt(f.x(b[0]))).append(',').append(fmt(f.y(b[2]))).append(' ');
            }
            for (int i = band.size() - 1; i >= 0; i--) {
                double[] b = band.get(i);
                poly.append(fmt(f.x(b[0]))).append(',').append(fmt(f.y(b[1]))).append(' ');
            }
            sb.append("<polygon class=\"expected\" points=\"").append(poly.toString().trim())
                    .append("\" fill=\"#dde8f6\" stroke=\"none\"/>");
        }
    }

    /** Grid lines, axes, session ticks and the missed sessions (full charts only). */
    private static void axes(StringBuilder sb, Trajectory t, List<Integer> missed, UiText ui, Frame f) {
        double base = f.top() + f.plotH();
        for (double v : ticks(f.lo(), f.hi())) {
            double ty = f.y(t.displayOf(v));
            sb.append("<line x1=\"").append(f.left()).append("\" y1=\"").append(fmt(ty)).append("\" x2=\"").append(fmt(f.left() + f.plotW()))
                    .append("\" y2=\"").append(fmt(ty)).append("\" stroke=\"#e5e7eb\"/>");
            sb.append(label(f.left() - 5, ty + 4, "end", ui.num(v), "ytick"));
        }
        sb.append("<line x1=\"").append(f.left()).append("\" y1=\"").append(fmt(base)).append("\" x2=\"")
                .append(fmt(f.left() + f.plotW())).append("\" y2=\"").append(fmt(base)).append("\" stroke=\"#6b7280\"/>");
        sb.append("<line x1=\"").append(f.left()).append("\" y1=\"").append(f.top()).append("\" x2=\"").append(f.left())
                .append("\" y2=\"").append(fmt(base)).append("\" stroke=\"#6b7280\"/>");
        int every = Math.max(1, (int) Math.ceil((f.last() - f.first() + 1) / 16.0));
        for (int o = f.first(); o <= f.last(); o++) {
            if ((o - f.first()) % every == 0 || o == f.last()) {
                sb.append(label(f.x(o), base + 15, "middle", String.valueOf(o), "xtick"));
            }
        }
        sb.append(label(f.left() + f.plotW() / 2, f.height() - 3, "middle", ui.get("chart.session"), "xtitle"));
        for (int m : missed) {
            double mx = f.x(m);
            sb.append("<text class=\"missed\" x=\"").append(fmt(mx)).append("\" y=\"").append(fmt(base - 4))
                    .append("\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#6b7280\">○<title>")
                    .append(Encode.forXml(ui.get("legend.missed") + " " + m)).append("</title></text>");
        }
    }

    /**
     * The baseline (the first score) as a dotted line, and the rule's threshold, when it has one, as a dash-dotted line,
     * each named at its right end.
     */
    private static void references(StringBuilder sb, Trajectory t, List<TrajectoryPoint> pts, UiText ui, Frame f,
            double threshold) {
        if (pts.isEmpty()) {
            return;
        }
        double b = f.y(clamp(pts.get(0).display(), f.lo(), f.hi()));
        double end = f.left() + f.plotW();
        sb.append("<line class=\"baseline\" x1=\"").append(f.left()).append("\" y1=\"").append(fmt(b)).append("\" x2=\"")
                .append(fmt(end)).append("\" y2=\"").append(fmt(b)).append("\" stroke=\"#4b5563\" stroke-width=\"1\" "
                + "stroke-dasharray=\"2,3\"><title>").append(Encode.forXml(ui.format("legend.baseline",
                        ui.num(pts.get(0).score())))).append("</title></line>");
        if (Double.isFinite(threshold) && threshold >= f.lo() && threshold <= f.hi()) {
            double y = f.y(t.displayOf(threshold));
            sb.append("<line class=\"threshold\" x1=\"").append(f.left()).append("\" y1=\"").append(fmt(y)).append("\" x2=\"")
                    .append(fmt(end)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#b91c1c\" stroke-width=\"1\" "
                    + "stroke-dasharray=\"8,3,2,3\"><title>").append(Encode.forXml(ui.format("legend.threshold",
                            ui.num(threshold)))).append("</title></line>");
        }
    }

    /** The cut-off, and the line through the scores. */
    private static void lines(StringBuilder sb, Trajectory t, List<TrajectoryPoint> pts, Frame f) {
        if (t.hasCutoff()) {
            double c = f.y(clamp(t.displayOf(t.cutoff()), f.lo(), f.hi()));
            sb.append("<line class=\"cutoff\" x1=\"").append(f.left()).append("\" y1=\"").append(fmt(c)).append("\" x2=\"")
                    .append(fmt(f.left() + f.plotW())).append("\" y2=\"").append(fmt(c))
                    .append("\" stroke=\"#b35900\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>");
        }
        if (!pts.isEmpty()) {
            StringBuilder line = new StringBuilder();
            for (TrajectoryPoint p : pts) {
                line.append(fmt(f.x(p.occasion()))).append(',')
                        .append(fmt(f.y(clamp(p.display(), f.lo(), f.hi())))).append(' ');
            }
            sb.append("<polyline points=\"").append(line.toString().trim())
                    .append("\" fill=\"none\" stroke=\"#1f4e8c\" stroke-width=\"2\"/>");
        }
    }

    /** A point per score (a diamond when NOT on track), each with its tooltip and the patient's comments. */
    private static void points(StringBuilder sb, Trajectory t, List<TrajectoryPoint> pts, List<PatientComment> comments,
            UiText ui, Frame f, String ruleName) {
        for (TrajectoryPoint p : pts) {
            boolean not = p.status().equals("NOT_ON_TRACK");
            double cx = f.x(p.occasion());
            double cy = f.y(clamp(p.display(), f.lo(), f.hi()));
            StringBuilder tip = new StringBuilder(t.label() + " " + ui.num(p.score()) + " " + ui.get("chart.at") + " "
                    + p.occasion());
            if (!p.status().isEmpty()) {
                tip.append(" — ").append(ui.status(p.status())).append(" (").append(ruleName).append(')');
            }
            for (PatientComment c : comments) {
                if (c.occasion() == p.occasion()) {
                    tip.append('\n').append(ui.get("chart.comment")).append(": ").append(c.text());
                }
            }
            String title = "<title>" + Encode.forXml(tip.toString()) + "</title>";
            if (not) {
                double r = f.full() ? 6.5 : 3.5;
                sb.append("<path class=\"not\" d=\"M").append(fmt(cx)).append(',').append(fmt(cy - r)).append(" L")
                        .append(fmt(cx + r)).append(',').append(fmt(cy)).append(" L").append(fmt(cx)).append(',')
                        .append(fmt(cy + r)).append(" L").append(fmt(cx - r)).append(',').append(fmt(cy))
                        .append(" Z\" fill=\"#b91c1c\">").append(title).append("</path>");
            } else {
                sb.append("<circle class=\"point\" cx=\"").append(fmt(cx)).append("\" cy=\"").append(fmt(cy)).append("\" r=\"")
                        .append(f.full() ? 4 : 2).append("\" fill=\"#1f4e8c\">").append(title).append("</circle>");
            }
        }
    }

    /** The last score, written beside its point (full charts only). */
    private static void lastScore(StringBuilder sb, List<TrajectoryPoint> pts, UiText ui, Frame f) {
        if (f.full() && !pts.isEmpty()) {
            TrajectoryPoint p = pts.get(pts.size() - 1);
            double cx = f.x(p.occasion());
            double cy = f.y(clamp(p.display(), f.lo(), f.hi()));
            sb.append("<text class=\"last\" x=\"").append(fmt(cx + 9)).append("\" y=\"").append(fmt(cy + 4))
                    .append("\" font-family=\"sans-serif\" font-size=\"12\" font-weight=\"bold\" fill=\"#111827\">")
                    .append(Encode.forXml(ui.num(p.score()))).append("</text>");
        }
    }

    private static String label(double x, double y, String anchor, String text, String cls) {
        return "<text class=\"" + cls + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor
                + "\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#374151\">" + Encode.forXml(text) + "</text>";
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
