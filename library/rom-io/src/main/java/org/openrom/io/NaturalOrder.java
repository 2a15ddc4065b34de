package org.openrom.io;

import java.util.Comparator;

/**
 * Orders patient ids the way people sort them: runs of ASCII digits compare as numbers
 * ({@code p2 < p10}), everything else by character; ties by plain string order. Total and consistent
 * with equals.
 */
public final class NaturalOrder implements Comparator<String> {
    /** The shared instance. */
    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int si = i;
                int sj = j;
                while (si < a.length() && a.charAt(si) == '0') {
                    si++;
                }
                while (sj < b.length() && b.charAt(sj) == '0') {
                    sj++;
                }
                int ei = si;
                int ej = sj;
                while (ei < a.length() && isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && isDigit(b.charAt(ej))) {
                    ej++;
                }
                int len = Integer.compare(ei - si, ej - sj);
                if (len != 0) {
                    return len;
                }
                for (int k = 0; k < ei - si; k++) {
                    int cmp = Character.compare(a.charAt(si + k), b.charAt(sj + k));
                    if (cmp != 0) {
                        return cmp;
                    }
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int rest = Integer.compare(a.length() - i, b.length() - j);
        return rest != 0 ? rest : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
