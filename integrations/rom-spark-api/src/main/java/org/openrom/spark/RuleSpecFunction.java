package org.openrom.spark;

import org.apache.spark.sql.api.java.UDF1;

/**
 * SQL {@code rom_rule_spec(spec)}: a rule spec's canonical form (every parameter, defaults included, sorted), as the
 * library writes it in its output; NULL for a spec the registry refuses.
 */
public final class RuleSpecFunction implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    /** For Spark's registration by class name. */
    public RuleSpecFunction() {
    }

    @Override
    public String call(String spec) {
        if (spec == null) {
            return null;
        }
        try {
            return Engine.rules(java.util.List.of(spec)).get(0).ref().spec();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
