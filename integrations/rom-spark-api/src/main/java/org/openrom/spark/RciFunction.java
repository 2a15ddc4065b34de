package org.openrom.spark;

import org.apache.spark.sql.api.java.UDF4;

/**
 * SQL {@code rom_rci(pre, post, sd_pre, reliability)}: Jacobson and Truax's (1991) reliable change index,
 * {@code (post − pre) / S_diff} with {@code S_diff = sd_pre · √2 · √(1 − reliability)}; NULL for missing or impossible
 * arguments; any numeric SQL type (double, decimal, integer). For the other methods and for categories, use {@link RomSpark#change}.
 */
public final class RciFunction implements UDF4<Number, Number, Number, Number, Double> {
    private static final long serialVersionUID = 1L;

    /** For Spark's registration by class name. */
    public RciFunction() {
    }

    @Override
    public Double call(Number pre, Number post, Number sdPre, Number reliability) {
        if (pre == null || post == null || sdPre == null || reliability == null) {
            return null;
        }
        double sd = sdPre.doubleValue();
        double r = reliability.doubleValue();
        if (!(sd > 0) || !(r > 0 && r < 1) || !Double.isFinite(pre.doubleValue()) || !Double.isFinite(post.doubleValue())) {
            return null;
        }
        double rci = (post.doubleValue() - pre.doubleValue()) / (sd * Math.sqrt(2) * Math.sqrt(1 - r));
        return Double.isFinite(rci) ? rci : null; // an overflow is no index
    }
}
