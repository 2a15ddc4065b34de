package org.openrom.rules.change;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.openrom.core.ValidationException;

/**
 * The change categories of an analysis compared between groups (treatment arms, services, therapy groups), as the R
 * package clinicalsignificance reports them with its {@code group} argument: every patient keeps the category the
 * whole-sample analysis gave them, and the counts are split by group. The test of association is Pearson's
 * chi-square on the groups × categories table (categories no patient has are left out), {@code df = (g − 1)(c − 1)},
 * its p-value from the chi-square distribution (the regularized upper incomplete gamma function, Press et al. 2007,
 * <i>Numerical Recipes</i> §6.2), and Cramér's V = √(χ² / (n·min(g − 1, c − 1))). {@code sparse} says when more than
 * 20% of the expected counts are below 5 (Cochran 1954), where the chi-square approximation is poor. For a 2 × 2
 * table (two groups, two categories) Yates' continuity correction is given too, as R's {@code chisq.test} applies it
 * by default: {@code Σ (|O − E| − k)² / E} with {@code k = min(0.5, min |O − E|)}, as R computes it (Yates 1934).
 *
 * @param groups the groups, in order of first appearance
 * @param counts per group, the count of every category (zeros included)
 * @param chiSquare Pearson's statistic (NaN with fewer than two groups or categories)
 * @param df its degrees of freedom (0 when undefined)
 * @param p the p-value (NaN when undefined)
 * @param cramersV the effect size (NaN when undefined)
 * @param sparse whether more than 20% of the expected counts are below 5
 * @param chiSquareYates the statistic with Yates' continuity correction, for a 2 × 2 table (NaN otherwise)
 * @param pYates its p-value (NaN unless 2 × 2)
 */
public record GroupComparison(List<String> groups, Map<String, Map<ChangeCategory, Integer>> counts, double chiSquare,
        int df, double p, double cramersV, boolean sparse, double chiSquareYates, double pYates) {

    /** Copies. */
    public GroupComparison {
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        Map<String, Map<ChangeCategory, Integer>> c = new LinkedHashMap<>();
        Objects.requireNonNull(counts, "counts").forEach((g, m) -> {
            EnumMap<ChangeCategory, Integer> e = new EnumMap<>(ChangeCategory.class);
            e.putAll(m);
            c.put(g, Collections.unmodifiableMap(e));
        });
        counts = Collections.unmodifiableMap(c);
    }

    /**
     * @param analysis the whole-sample analysis
     * @param groupOf the group of each patient id (a patient without one, null, is left out)
     * @return the comparison
     * @throws ValidationException when no patient has a group
     */
    public static GroupComparison of(ChangeAnalysis analysis, Function<String, String> groupOf) {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(groupOf, "groupOf");
        Map<String, int[]> table = new LinkedHashMap<>();
        ChangeCategory[] cats = ChangeCategory.values();
        for (PatientChange pc : analysis.patients()) {
            String g = groupOf.apply(pc.patientId());
            if (g != null) {
                table.computeIfAbsent(g, k -> new int[cats.length])[pc.category().ordinal()]++;
            }
        }
        if (table.isEmpty()) {
            throw new ValidationException("group comparison", "groups", "none", "at least one patient with a group");
        }
        List<String> groups = new ArrayList<>(table.keySet());
        Map<String, Map<ChangeCategory, Integer>> counts = new LinkedHashMap<>();
        int[] colTotals = new int[cats.length];
        int n = 0;
        for (String g : groups) {
            EnumMap<ChangeCategory, Integer> m = new EnumMap<>(ChangeCategory.class);
            int[] row = table.get(g);
            for (ChangeCategory c : cats) {
                m.put(c, row[c.ordinal()]);
                colTotals[c.ordinal()] += row[c.ordinal()];
                n += row[c.ordinal()];
            }
            counts.put(g, m);
        }
        List<Integer> cols = new ArrayList<>();
        for (ChangeCategory c : cats) {
            if (colTotals[c.ordinal()] > 0) {
                cols.add(c.ordinal());
            }
        }
        if (groups.size() < 2 || cols.size() < 2) {
            return new GroupComparison(groups, counts, Double.NaN, 0, Double.NaN, Double.NaN, false, Double.NaN, Double.NaN);
        }
        double chi = 0;
        int small = 0;
        int cells = 0;
        List<double[]> observedExpected = new ArrayList<>();
        for (String g : groups) {
            int[] row = table.get(g);
            int rowTotal = 0;
            for (int c : cols) {
                rowTotal += row[c];
            }
            for (int c : cols) {
                double expected = (double) rowTotal * colTotals[c] / n;
                cells++;
                small += expected < 5 ? 1 : 0;
                chi += (row[c] - expected) * (row[c] - expected) / expected;
                observedExpected.add(new double[] {row[c], expected});
            }
        }
        double yates = Double.NaN;
        if (groups.size() == 2 && cols.size() == 2) {
            double k = 0.5;
            for (double[] oe : observedExpected) {
                k = Math.min(k, Math.abs(oe[0] - oe[1]));
            }
            yates = 0;
            for (double[] oe : observedExpected) {
                yates += Math.pow(Math.abs(oe[0] - oe[1]) - k, 2) / oe[1];
            }
        }
        int df = (groups.size() - 1) * (cols.size() - 1);
        double v = Math.sqrt(chi / (n * (double) Math.min(groups.size() - 1, cols.size() - 1)));
        return new GroupComparison(groups, counts, chi, df, chiSquareUpperTail(chi, df), v, small > 0.2 * cells, yates,
                Double.isNaN(yates) ? Double.NaN : chiSquareUpperTail(yates, 1));
    }

    /**
     * @param x the statistic (&ge; 0)
     * @param df the degrees of freedom (&ge; 1)
     * @return P(X ≥ x) for X chi-square with {@code df} degrees of freedom
     */
    public static double chiSquareUpperTail(double x, int df) {
        if (df < 1 || !(x >= 0)) {
            throw new ValidationException("chi-square", "x/df", x + "/" + df, "x >= 0 and df >= 1");
        }
        return upperGamma(df / 2.0, x / 2.0);
    }

    /** Q(a, x), the regularized upper incomplete gamma function: a series below a + 1, a continued fraction above. */
    private static double upperGamma(double a, double x) {
        if (x == 0) {
            return 1;
        }
        double lnFront = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            double sum = 1 / a;
            double term = sum;
            for (int k = 1; k < 10_000; k++) {
                term *= x / (a + k);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) {
                    break;
                }
            }
            return Math.max(0, 1 - sum * Math.exp(lnFront));
        }
        // Lentz's continued fraction
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.min(1, Math.exp(lnFront) * h);
    }

    /** ln Γ(a) by the Lanczos approximation (g = 7, nine coefficients; relative error below 1e-15). */
    private static double logGamma(double a) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (a < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
        }
        double x = c[0];
        double t = a - 1 + 7.5;
        for (int i = 1; i < 9; i++) {
            x += c[i] / (a - 1 + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (a - 0.5) * Math.log(t) - t + Math.log(x);
    }
}
