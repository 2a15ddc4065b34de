package org.openrom.core.instrument;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The fast path of {@link Instrument#score(int[], double[])} for <em>uniform</em> instruments: every item
 * ordinal on one response scale {@code min..max}, none reverse-keyed, no item in two scales. ODSIS, PHQ-9,
 * GAD-7, WHO-5 and GQ-12 are uniform. Immutable; small methods, so that the JIT inlines them into callers.
 *
 * <p>One pass over the answers, one well-predicted branch per answer (in range or not), no allocation:
 * <ul>
 *   <li><b>flat</b> — one scale of all items in order: a plain checked sum;</li>
 *   <li><b>packed</b> — up to four scales: {@code answer − min} (at most {@code max − min}) is added into
 *       the 8-bit field of its scale in one {@code int}, {@code packed += (answer − min) << 8 × scale} (an
 *       item outside every scale goes to the top field, then unused, whose carries leave the int). Built
 *       only when no field can carry: {@code (max − min) × items of the scale ≤ 255}. The sum of scale
 *       {@code s} is then {@code field(s) + min × items(s)}.</li>
 * </ul>
 * Any answer outside {@code min..max}, {@link Instrument#MISSING} included, makes {@link #score} return
 * {@code false} and the caller runs the general path, which handles missing data and names the bad answer.
 *
 * <p>The scale value is {@code sum × factor} (sum) or {@code sum / items × factor} (mean), exactly as in the
 * general path: when the divisor is 1 or a power of two, {@code sum × (factor / divisor)} is the same double
 * (division by a power of two is exact), so a multiplication replaces the division; otherwise it divides.
 */
final class UniformPlan {
    private static final int FIELD_BITS = 8;
    private static final int FIELD_MASK = (1 << FIELD_BITS) - 1;
    private static final int MAX_PACKED_SCALES = Integer.SIZE / FIELD_BITS;

    private final int min;
    private final int span;
    private final boolean flat;
    private final int[] shift;
    private final int[] scaleOffset;
    private final boolean[] divide;
    private final boolean multiplies; // no scale divides
    private final double[] multiplier;
    private final double[] divisor;
    private final double[] factor;

    private UniformPlan(int min, int span, boolean flat, int[] shift, int[] scaleOffset, boolean[] divide,
            double[] multiplier, double[] divisor, double[] factor) {
        this.min = min;
        this.span = span;
        this.flat = flat;
        this.shift = shift;
        this.scaleOffset = scaleOffset;
        this.divide = divide;
        boolean any = false;
        for (boolean d : divide) {
            any |= d;
        }
        this.multiplies = !any;
        this.multiplier = multiplier;
        this.divisor = divisor;
        this.factor = factor;
    }

    /**
     * @param scaleItems per scale, the indexes of its items
     * @return the plan, or null when the instrument is not uniform or a sum could overflow
     */
    static UniformPlan of(List<Item> items, List<Scale> scales, int[][] scaleItems) {
        if (items.isEmpty() || scales.isEmpty()) {
            return null;
        }
        for (Item it : items) {
            if (it.type() != ItemType.ORDINAL) {
                return null;
            }
        }
        ResponseScale first = items.get(0).scale();
        for (Item it : items) {
            if (it.reversed() || it.scale().min() != first.min() || it.scale().max() != first.max()) {
                return null;
            }
        }
        int min = first.min();
        long span = (long) first.max() - min;
        int n = items.size();
        int[] scaleOf = new int[n];
        Arrays.fill(scaleOf, -1);
        for (int s = 0; s < scaleItems.length; s++) {
            for (int i : scaleItems[s]) {
                if (scaleOf[i] >= 0) {
                    return null; // an item in two scales
                }
                scaleOf[i] = s;
            }
        }
        int count = scales.size();
        boolean flat = count == 1 && scaleItems[0].length == n && IntStream.range(0, n)
                .allMatch(k -> scaleItems[0][k] == k);
        // the flat sum and min × items must stay far from int overflow
        long reach = Math.max(Math.abs((long) min), Math.abs((long) first.max())) * n;
        if (reach > Integer.MAX_VALUE / 2) {
            return null;
        }
        if (!flat) {
            boolean unscaled = Arrays.stream(scaleOf).anyMatch(s -> s < 0);
            if (count > (unscaled ? MAX_PACKED_SCALES - 1 : MAX_PACKED_SCALES)) {
                return null;
            }
            for (int[] ix : scaleItems) {
                if (span * ix.length > FIELD_MASK) {
                    return null;
                }
            }
        }
        int[] shift = new int[n];
        for (int i = 0; i < n; i++) {
            // an item outside every scale goes to the top field, unused: its carries leave the int
            shift[i] = FIELD_BITS * (scaleOf[i] < 0 ? MAX_PACKED_SCALES - 1 : scaleOf[i]);
        }
        int[] scaleOffset = new int[count];
        boolean[] divide = new boolean[count];
        double[] multiplier = new double[count];
        double[] divisor = new double[count];
        double[] factor = new double[count];
        for (int s = 0; s < count; s++) {
            int len = scaleItems[s].length;
            scaleOffset[s] = min * len;
            divisor[s] = scales.get(s).aggregation() == Aggregation.SUM ? 1 : len;
            factor[s] = scales.get(s).factor();
            multiplier[s] = factor[s] / divisor[s];
            // exact only when factor / divisor lost nothing (a power-of-two divisor, no subnormal result)
            divide[s] = Integer.bitCount((int) divisor[s]) != 1 || multiplier[s] < Double.MIN_NORMAL
                    || multiplier[s] * divisor[s] != factor[s];
        }
        return new UniformPlan(min, (int) span, flat, shift, scaleOffset, divide, multiplier, divisor, factor);
    }

    /** @return {@code "flat"} or {@code "packed"}: which loop {@link #score} runs (for tests) */
    String kind() {
        return flat ? "flat" : "packed";
    }

    /**
     * Scores complete, in-range answers.
     *
     * @return false, with {@code out} partly written, when an answer is missing or out of range
     */
    boolean score(int[] answers, double[] out) {
        return flat ? scoreFlat(answers, out) : scorePacked(answers, out);
    }

    private boolean scoreFlat(int[] answers, double[] out) {
        int lo = min;
        int sp = span;
        int sum = 0;
        for (int a : answers) {
            // one unsigned comparison catches an answer below min, above max, and MISSING
            if (Integer.toUnsignedLong(a - lo) > sp) {
                return false;
            }
            sum += a;
        }
        out[0] = value(0, sum);
        return true;
    }

    private boolean scorePacked(int[] answers, double[] out) {
        int lo = min;
        int sp = span;
        int[] sh = shift;
        int packed = 0;
        for (int i = 0; i < answers.length; i++) {
            int x = answers[i] - lo;
            if (Integer.toUnsignedLong(x) > sp) {
                return false;
            }
            packed += x << sh[i];
        }
        int[] off = scaleOffset;
        double[] mul = multiplier;
        if (multiplies) {
            // at most four scales, unrolled
            int c = out.length;
            out[0] = ((packed & FIELD_MASK) + off[0]) * mul[0];
            if (c > 1) {
                out[1] = (((packed >>> FIELD_BITS) & FIELD_MASK) + off[1]) * mul[1];
                if (c > 2) {
                    out[2] = (((packed >>> 2 * FIELD_BITS) & FIELD_MASK) + off[2]) * mul[2];
                    if (c > 3) {
                        out[3] = ((packed >>> 3 * FIELD_BITS) + off[3]) * mul[3];
                    }
                }
            }
        } else {
            for (int s = 0; s < out.length; s++) {
                out[s] = value(s, (packed & FIELD_MASK) + off[s]);
                packed >>>= FIELD_BITS;
            }
        }
        return true;
    }

    private double value(int s, int sum) {
        return divide[s] ? sum / divisor[s] * factor[s] : sum * multiplier[s];
    }
}
