package org.openrom.cli;

import java.util.List;
import java.util.Locale;
import org.owasp.encoder.Encode;

/** A small SVG ROC-style plot: sensitivity against 1 − specificity, one labelled point per rule. */
final class RocPlot {
    private RocPlot() {
    }

    static String svg(List<org.openrom.rules.research.RuleComparison.Accuracy> ms) {
        int w = 420;
        int h = 420;
        int m = 50;
        double size = w - 2 * m;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\">");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>",
                m, m, size, size));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%d\" stroke=\"#ccc\" stroke-dasharray=\"4,4\"/>",
                m, m + size, m + size, m));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\" font-family=\"sans-serif\" "
                + "font-size=\"12\">1 - specificity</text>", m + size / 2, h - 12));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.0f\" text-anchor=\"middle\" font-family=\"sans-serif\" "
                + "font-size=\"12\" transform=\"rotate(-90 14 %.0f)\">sensitivity</text>", m + size / 2, m + size / 2));
        for (int i = 0; i < ms.size(); i++) {
            org.openrom.rules.research.RuleComparison.Accuracy x = ms.get(i);
            int pos = x.tp() + x.fn();
            int neg = x.tn() + x.fp();
            if (pos == 0 || neg == 0) {
                continue;
            }
            double fpr = (double) x.fp() / neg;
            double tpr = (double) x.tp() / pos;
            double cx = m + fpr * size;
            double cy = m + (1 - tpr) * size;
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#1f4e8c\"><title>", cx, cy))
                    .append(Encode.forXml(x.rule())).append("</title></circle>");
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-family=\"sans-serif\" font-size=\"11\">%d</text>",
                    cx + 7, cy - 7, i + 1));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }
}
