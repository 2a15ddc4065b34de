package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.openrom.core.RuleSpecException;
import org.openrom.core.track.RuleSpec;

/** A parameter sweep over one rule: {@code key=a..b} or {@code key=a..b:step} (default step 1, at most 1,000 values). */
public final class RuleSweep {
    private RuleSweep() {
    }

    /**
     * @param base the rule spec to vary
     * @param sweep e.g. {@code deterioration=2..5} or {@code z=1..2:0.25}
     * @return one spec per value, in increasing order
     * @throws RuleSpecException for a malformed sweep, non-finite numbers, a reversed range or too many values
     */
    public static List<String> specs(String base, String sweep) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(sweep, "sweep");
        int eq = sweep.indexOf('=');
        int dots = sweep.indexOf("..");
        if (eq < 1 || dots < eq) {
            throw new RuleSpecException("--sweep " + org.openrom.core.SafeText.excerpt(sweep) + ": expected key=a..b or key=a..b:step");
        }
        String key = sweep.substring(0, eq);
        String range = sweep.substring(eq + 1);
        String step = "1";
        int colon = range.indexOf(':');
        if (colon >= 0) {
            step = range.substring(colon + 1);
            range = range.substring(0, colon);
        }
        String[] ab = range.split("\\.\\.");
        double a;
        double b;
        double st;
        try {
            a = Double.parseDouble(ab[0]);
            b = Double.parseDouble(ab[1]);
            st = Double.parseDouble(step);
        } catch (RuntimeException e) {
            throw new RuleSpecException("--sweep " + org.openrom.core.SafeText.excerpt(sweep) + ": expected numbers in key=a..b:step");
        }
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(st)) {
            throw new RuleSpecException("--sweep " + org.openrom.core.SafeText.excerpt(sweep) + ": expected finite numbers in key=a..b:step");
        }
        // the number of values a, a + step, ... <= b: at most 1000 (0..1000:1 is 1001 values)
        if (!(st > 0) || b < a || Math.floor((b - a) / st + 1e-9) + 1 > 1000) {
            throw new RuleSpecException("--sweep " + org.openrom.core.SafeText.excerpt(sweep) + ": expected a <= b, step > 0 and at most 1000 values");
        }
        RuleSpec spec = RuleSpec.parse(base);
        List<String> out = new ArrayList<>();
        for (int i = 0; a + i * st <= b + 1e-9; i++) {
            double v = a + i * st;
            TreeMap<String, RuleSpec.Value> p = new TreeMap<>(spec.parameters());
            p.put(key, new RuleSpec.Atom(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v)));
            out.add(new RuleSpec(spec.id(), p).toString());
        }
        return out;
    }

    /**
     * @param sweep e.g. {@code deterioration=2..5}
     * @return the swept parameter's name
     * @throws RuleSpecException for a malformed sweep
     */
    public static String key(String sweep) {
        Objects.requireNonNull(sweep, "sweep");
        int eq = sweep.indexOf('=');
        if (eq < 1) {
            throw new RuleSpecException("--sweep " + org.openrom.core.SafeText.excerpt(sweep) + ": expected key=a..b or key=a..b:step");
        }
        return sweep.substring(0, eq);
    }

    /**
     * @param specs specs made by {@link #specs}
     * @param key the swept parameter
     * @return the swept value of each spec, as written in it
     */
    public static List<String> values(List<String> specs, String key) {
        Objects.requireNonNull(specs, "specs");
        Objects.requireNonNull(key, "key");
        List<String> out = new ArrayList<>();
        for (String s : specs) {
            out.add(String.valueOf(RuleSpec.parse(s).parameters().get(key)));
        }
        return out;
    }
}
