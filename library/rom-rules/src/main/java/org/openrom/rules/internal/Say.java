package org.openrom.rules.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formatting for plain-language sentences. Not API. */
public final class Say {
    private Say() {
    }

    /** @return a number as clinicians read it: {@code 12}, {@code 2.5}, {@code 15.56} (at most 2 decimals) */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** @return {@code 1 point}, {@code 3 points}, {@code 2.5 points} (absolute value) */
    public static String points(double v) {
        double a = Math.abs(v);
        return num(a) + (a == 1 ? " point" : " points");
    }

    /** @return {@code session 4} */
    public static String session(int occasion) {
        return "session " + occasion;
    }
}
