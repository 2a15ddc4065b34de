package org.openrom.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number and word formatting shared by the renderers. */
final class Text {
    private Text() {
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
