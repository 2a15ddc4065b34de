package org.openrom.rules.change;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.track.ScoreSeries;

/**
 * The HLM method of the R package clinicalsignificance (Claus et al. 2024; Raudenbush &amp; Bryk 2002): every
 * observation of every patient, not a pre/post pair. A linear mixed model {@code score = β₀ + β₁·t + b₀ᵢ + b₁ᵢ·t + ε}
 * with a random intercept and slope per patient, {@code (b₀ᵢ, b₁ᵢ) ~ N(0, G)}, {@code ε ~ N(0, σ²)}, t the occasion,
 * is fitted by restricted maximum likelihood (REML), as {@code lmer(outcome ~ time + (time | id), REML = TRUE)}
 * does. Each patient's index is the empirical Bayes estimate of their slope deviation {@code b₁ᵢ} (the conditional
 * mean given the data) divided by its conditional SD, {@code √[(G − G Zᵢ'Vᵢ⁻¹Zᵢ G)₁₁]} with {@code Vᵢ = Zᵢ G Zᵢ' + σ²I};
 * a patient is reliably improved when {@code d·index > critical} ({@code d = +1} when higher is better), deteriorated
 * when {@code d·index < −critical}. The deviation is from the average slope: "improved" means improving reliably
 * more than the average patient, as in the package. Only patients with at least three observations enter, as in
 * the package ({@link #PACKAGE_MIN_OBSERVATIONS}). On claus_2020 HAM-D this gives the package's published counts,
 * 11 improved, 20 unchanged, 9 deteriorated of 40 (tested).
 *
 * <p>The fit minimises the profiled REML deviance over the Cholesky factor of {@code G/σ²}, as lme4 parameterises it
 * (Bates et al. 2015), with σ² and β profiled out; each patient enters through the 2x2 sufficient statistics
 * {@code Z'Z}, {@code Z'y} and {@code y'y} (the matrix determinant lemma and Woodbury's identity), so an evaluation
 * costs one pass over the patients, not over the observations. The minimiser is Nelder–Mead, restarted from its own
 * result until it no longer moves ({@link Result#converged()} says whether it settled). The deviance has local minima
 * at the boundary (an intercept variance of 0 with the covariance of one sign, when the optimum has the other), so the
 * fit also starts from the covariance's sign flipped, from the boundary moved inwards, and from fixed starts spread
 * over the space, and keeps the lowest deviance ({@link #STARTS}). {@link Result#remlCriterion()} reports −2 times
 * the REML log-likelihood at the optimum, as lme4's {@code REMLcrit}. Tests check that the result is a maximum of the
 * restricted likelihood written out independently, observation by observation, that no start of an independent
 * search finds a better one on generated data sets, and that on claus_2020 HAM-D it reaches lme4's optimum.
 */
public final class MultilevelChange {
    /** The fewest observations a patient needs to enter the fit, as in the package. */
    public static final int PACKAGE_MIN_OBSERVATIONS = 3;

    /** Fixed starts of the fit besides the default and those derived from its result (θ in units of the time range). */
    static final double[][] STARTS = {{0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {2, 0.3, 0.2}, {2, -0.3, 0.2}, {0.1, 0, 1},
        {3, 0, 0.05}};

    /**
     * The critical value the package uses for HLM: its code passes {@code qnorm(0.975)} = 1.959963984540054, not the
     * rounded 1.96 (the two differ only for an index within 4e-5 of the threshold).
     */
    public static final double PACKAGE_CRITICAL = 1.959963984540054;

    private MultilevelChange() {
    }

    /**
     * One patient's result.
     *
     * @param patientId the patient
     * @param observations the patient's observations in the fit
     * @param slopeDeviation the empirical Bayes estimate of the patient's slope deviation b₁ᵢ
     * @param sd its conditional SD
     * @param index {@code slopeDeviation / sd}
     * @param category improved, unchanged or deteriorated
     */
    public record Patient(String patientId, int observations, double slopeDeviation, double sd, double index,
            ChangeCategory category) {
    }

    /**
     * The fit and the patients.
     *
     * @param intercept β₀
     * @param slope β₁, the average change per occasion
     * @param interceptVariance G₀₀
     * @param covariance G₀₁
     * @param slopeVariance G₁₁
     * @param residualVariance σ²
     * @param iterations deviance evaluations of the fit, over every start
     * @param converged whether the best start's fit met its tolerance
     * @param critical the critical |index|
     * @param patients per patient, in input order
     * @param counts per category (improved, unchanged, deteriorated; the others 0)
     * @param remlCriterion −2 × the REML log-likelihood at the optimum (lme4's {@code REMLcrit}): the profiled
     *     deviance plus {@code (N − 2)·(1 + log(2π / (N − 2)))}
     */
    public record Result(double intercept, double slope, double interceptVariance, double covariance, double slopeVariance,
            double residualVariance, int iterations, boolean converged, double critical, List<Patient> patients,
            Map<ChangeCategory, Integer> counts, double remlCriterion) {
        /** Copies. */
        public Result {
            patients = List.copyOf(Objects.requireNonNull(patients, "patients"));
            EnumMap<ChangeCategory, Integer> c = new EnumMap<>(ChangeCategory.class);
            c.putAll(Objects.requireNonNull(counts, "counts"));
            counts = Collections.unmodifiableMap(c);
        }
    }

    /**
     * Fits the model and classifies every patient.
     *
     * @param series one series per patient (each patient's observations of one scale; occasions are the time)
     * @param direction which end is healthy
     * @param critical the critical |index| ({@link #PACKAGE_CRITICAL} as the package)
     * @return the fit and the patients
     * @throws ValidationException with fewer than 2 patients with observations, fewer observations than 4, or
     *     occasions that do not vary
     */
    public static Result fit(List<ScoreSeries> series, Direction direction, double critical) {
        return fit(series, direction, critical, PACKAGE_MIN_OBSERVATIONS);
    }

    /**
     * Fits the model on the patients with at least {@code minObservations} observations and classifies them.
     *
     * @param series one series per patient
     * @param direction which end is healthy
     * @param critical the critical |index|
     * @param minObservations the fewest observations a patient needs (1 or more; the package: 3)
     * @return the fit and the patients (those with enough observations)
     */
    public static Result fit(List<ScoreSeries> series, Direction direction, double critical, int minObservations) {
        Objects.requireNonNull(series, "series");
        if (minObservations < 1) {
            throw new ValidationException("HLM change", "minObservations", String.valueOf(minObservations), "1 or more");
        }
        Objects.requireNonNull(direction, "direction");
        if (!(critical > 0) || !Double.isFinite(critical)) {
            throw new ValidationException("HLM change", "critical", String.valueOf(critical), "a finite number > 0");
        }
        List<ScoreSeries> ps = new ArrayList<>();
        int total = 0;
        double tMin = Double.POSITIVE_INFINITY;
        double tMax = Double.NEGATIVE_INFINITY;
        for (ScoreSeries s : series) {
            Objects.requireNonNull(s, "series[]");
            if (s.size() >= minObservations) {
                ps.add(s);
                total += s.size();
                for (int k = 0; k < s.size(); k++) {
                    tMin = Math.min(tMin, s.occasion(k));
                    tMax = Math.max(tMax, s.occasion(k));
                }
            }
        }
        if (ps.size() < 2 || total < 4 || !(tMax > tMin)) {
            throw new ValidationException("HLM change", "series", ps.size() + " patients, " + total + " observations",
                    "at least 2 patients, 4 observations and occasions that differ");
        }
        int m = ps.size();
        double[][] st = sufficientStatistics(ps);
        // the profiled REML deviance over θ, the Cholesky factor of G/σ² (as lme4 parameterises it), minimised by
        // Nelder-Mead from a start of per-patient spread; restarted from its result until it no longer moves
        double[] optimum = bestOfStarts(st, total, 1.0 / Math.max(1, tMax - tMin));
        double[] theta = {optimum[0], optimum[1], optimum[2]};
        int evaluations = (int) optimum[3];
        boolean converged = optimum[4] == 1;
        double[] fitted = new double[8];
        double deviance = deviance(st, total, theta, fitted);
        double criterion = deviance + (total - 2) * (1 + Math.log(2 * Math.PI / (total - 2)));
        double[] beta = {fitted[0], fitted[1]};
        double sigma2 = fitted[2];
        double l11 = Math.abs(theta[0]);
        double l21 = theta[1];
        double l22 = Math.abs(theta[2]);
        // G = σ² L L'
        double[] g = {sigma2 * l11 * l11, sigma2 * l11 * l21, sigma2 * (l21 * l21 + l22 * l22)};
        double d = direction == Direction.HIGHER_IS_BETTER ? 1 : -1;
        List<Patient> out = new ArrayList<>();
        EnumMap<ChangeCategory, Integer> counts = new EnumMap<>(ChangeCategory.class);
        for (ChangeCategory cat : ChangeCategory.values()) {
            counts.put(cat, 0);
        }
        for (int i = 0; i < m; i++) {
            double[] q = st[i];
            // M = I + L'SL; Var(b | y) = σ² L M⁻¹ L'; b = L M⁻¹ L' Z'r (Z'r = s − Sβ)
            double[] sm = {q[0], q[1], q[2]};
            double[] mInv = inverse2(plusIdentity(ltsl(l11, l21, l22, sm)));
            double[] lml = lml(l11, l21, l22, mInv);
            double r0 = q[3] - (sm[0] * beta[0] + sm[1] * beta[1]);
            double r1 = q[4] - (sm[1] * beta[0] + sm[2] * beta[1]);
            double b1 = lml[1] * r0 + lml[2] * r1;
            double var = sigma2 * lml[2];
            double sd = Math.sqrt(Math.max(var, 0));
            double index = sd > 0 ? b1 / sd : 0;
            ChangeCategory cat = d * index > critical ? ChangeCategory.IMPROVED : d * index < -critical
                    ? ChangeCategory.DETERIORATED : ChangeCategory.UNCHANGED;
            counts.merge(cat, 1, Integer::sum);
            out.add(new Patient(ps.get(i).patientId(), ps.get(i).size(), b1, sd, index, cat));
        }
        return new Result(beta[0], beta[1], g[0], g[1], g[2], sigma2, evaluations, converged, critical, out, counts,
                criterion);
    }

    /** L'SL for L = [[l11, 0], [l21, l22]] and a symmetric S (00, 01, 11). */
    private static double[] ltsl(double l11, double l21, double l22, double[] s) {
        // SL = [[s00 l11 + s01 l21, s01 l22], [s01 l11 + s11 l21, s11 l22]]
        double a = s[0] * l11 + s[1] * l21;
        double b = s[1] * l22;
        double c = s[1] * l11 + s[2] * l21;
        double e = s[2] * l22;
        // L' = [[l11, l21], [0, l22]]
        return new double[] {l11 * a + l21 * c, l11 * b + l21 * e, l22 * e};
    }

    /** L M⁻¹ L' for a symmetric M⁻¹ (00, 01, 11). */
    private static double[] lml(double l11, double l21, double l22, double[] mi) {
        // L M⁻¹ = [[l11 m00, l11 m01], [l21 m00 + l22 m01, l21 m01 + l22 m11]]
        double a = l11 * mi[0];
        double b = l11 * mi[1];
        double c = l21 * mi[0] + l22 * mi[1];
        double e = l21 * mi[1] + l22 * mi[2];
        return new double[] {a * l11, a * l21 + b * l22, c * l21 + e * l22};
    }

    private static double[] plusIdentity(double[] a) {
        return new double[] {a[0] + 1, a[1], a[2] + 1};
    }

    /**
     * The profiled REML deviance at θ: {@code Σ log|V*ᵢ| + log|X'V*⁻¹X| + (N − 2)·log(r'V*⁻¹r)}, V* = I + Z L L' Z', by
     * the matrix determinant lemma and Woodbury's identity on each patient's 2x2 sufficient statistics. When
     * {@code fitted} is given it receives β₀, β₁ and σ² = r'V*⁻¹r / (N − 2).
     */
    private static double deviance(double[][] st, int total, double[] theta, double[] fitted) {
        double l11 = Math.abs(theta[0]);
        double l21 = theta[1];
        double l22 = Math.abs(theta[2]);
        double logDet = 0;
        double[] a = new double[3];
        double[] c = new double[2];
        double yy = 0;
        for (double[] q : st) {
            double[] s = {q[0], q[1], q[2]};
            double[] mm = plusIdentity(ltsl(l11, l21, l22, s));
            logDet += Math.log(mm[0] * mm[2] - mm[1] * mm[1]);
            double[] lml = lml(l11, l21, l22, inverse2(mm));
            // S − S (L M⁻¹ L') S, s − S (L M⁻¹ L') s, y'y − s'(L M⁻¹ L')s
            double[] sk = {s[0] * lml[0] + s[1] * lml[1], s[0] * lml[1] + s[1] * lml[2], s[1] * lml[0] + s[2] * lml[1],
                s[1] * lml[1] + s[2] * lml[2]}; // S·K, full 2x2
            a[0] += s[0] - (sk[0] * s[0] + sk[1] * s[1]);
            a[1] += s[1] - (sk[0] * s[1] + sk[1] * s[2]);
            a[2] += s[2] - (sk[2] * s[1] + sk[3] * s[2]);
            c[0] += q[3] - (sk[0] * q[3] + sk[1] * q[4]);
            c[1] += q[4] - (sk[2] * q[3] + sk[3] * q[4]);
            double kq0 = lml[0] * q[3] + lml[1] * q[4];
            double kq1 = lml[1] * q[3] + lml[2] * q[4];
            yy += q[5] - (q[3] * kq0 + q[4] * kq1);
        }
        double detA = a[0] * a[2] - a[1] * a[1];
        double[] ai = inverse2(a);
        double b0 = ai[0] * c[0] + ai[1] * c[1];
        double b1 = ai[1] * c[0] + ai[2] * c[1];
        double rr = Math.max(yy - (c[0] * b0 + c[1] * b1), 1e-300);
        if (fitted != null) {
            fitted[0] = b0;
            fitted[1] = b1;
            fitted[2] = rr / (total - 2);
        }
        return logDet + Math.log(detA) + (total - 2) * Math.log(rr);
    }

    /** Per patient, the sufficient statistics: S = Z'Z (00, 01, 11), s = Z'y, y'y. */
    private static double[][] sufficientStatistics(List<ScoreSeries> ps) {
        double[][] st = new double[ps.size()][6];
        for (int i = 0; i < ps.size(); i++) {
            ScoreSeries s = ps.get(i);
            for (int k = 0; k < s.size(); k++) {
                double t = s.occasion(k);
                double y = s.value(k);
                st[i][0] += 1;
                st[i][1] += t;
                st[i][2] += t * t;
                st[i][3] += y;
                st[i][4] += t * y;
                st[i][5] += y * y;
            }
        }
        return st;
    }

    /**
     * The fit from the default start, then from its result with the covariance's sign flipped and moved off the
     * boundary, then from the fixed {@link #STARTS} (scaled by {@code scale}, one over the time range): the lowest
     * deviance wins, ties to the earlier start.
     *
     * @return θ, the evaluations over every start, and whether the winner converged
     */
    private static double[] bestOfStarts(double[][] st, int total, double scale) {
        double[] best = minimise(st, total, new double[] {1, 0, scale});
        double bestDev = deviance(st, total, best, null);
        int evaluations = (int) best[3];
        List<double[]> starts = new ArrayList<>();
        double l11 = Math.max(Math.abs(best[0]), 0.5);
        starts.add(new double[] {best[0], -best[1], best[2]});
        starts.add(new double[] {l11, -best[1], best[2]});
        starts.add(new double[] {l11, best[1], Math.max(Math.abs(best[2]), 0.5 * scale)});
        for (double[] f : STARTS) {
            starts.add(new double[] {f[0], f[1] * scale, f[2] * scale});
        }
        for (double[] start : starts) {
            double[] r = minimise(st, total, start);
            evaluations += (int) r[3];
            double d = deviance(st, total, r, null);
            if (d < bestDev - 1e-9 * Math.max(1, Math.abs(bestDev))) {
                best = r;
                bestDev = d;
            }
        }
        return new double[] {best[0], best[1], best[2], evaluations, best[4]};
    }

    /**
     * Nelder-Mead from {@code theta}, restarted from its result until it no longer moves (at most 20 rounds).
     *
     * @return θ (three numbers), the deviance evaluations, and 1 when converged (else 0)
     */
    private static double[] minimise(double[][] st, int total, double[] theta) {
        double dev = deviance(st, total, theta, null);
        int evaluations = 0;
        for (int round = 0; round < 20; round++) {
            double[] next = nelderMead(st, total, theta);
            evaluations += (int) next[3];
            double nd = deviance(st, total, next, null);
            double moved = Math.abs(next[0] - theta[0]) + Math.abs(next[1] - theta[1]) + Math.abs(next[2] - theta[2]);
            theta = new double[] {next[0], next[1], next[2]};
            if (Math.abs(nd - dev) < 1e-10 * Math.max(1, Math.abs(dev)) && moved < 1e-7) {
                return new double[] {theta[0], theta[1], theta[2], evaluations, 1};
            }
            dev = nd;
        }
        return new double[] {theta[0], theta[1], theta[2], evaluations, 0};
    }

    /** The vertices' indexes from the lowest deviance to the highest. */
    private static Integer[] order(double[] f) {
        Integer[] idx = {0, 1, 2, 3};
        java.util.Arrays.sort(idx, (p, q) -> Double.compare(f[p], f[q]));
        return idx;
    }

    /** The simplex's size: the largest coordinate distance of a vertex from the best. */
    private static double size(double[][] x, int n) {
        double size = 0;
        for (int i = 1; i <= n; i++) {
            for (int k = 0; k < n; k++) {
                size = Math.max(size, Math.abs(x[i][k] - x[0][k]));
            }
        }
        return size;
    }

    /** The centroid of every vertex but the worst. */
    private static double[] centroid(double[][] x, int n) {
        double[] centroid = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                centroid[k] += x[i][k] / n;
            }
        }
        return centroid;
    }

    /** Nelder-Mead over θ (3 parameters); returns θ and, at index 3, the evaluations used. */
    private static double[] nelderMead(double[][] st, int total, double[] start) {
        int n = 3;
        double[][] x = new double[n + 1][];
        double[] f = new double[n + 1];
        x[0] = start.clone();
        for (int i = 0; i < n; i++) {
            x[i + 1] = start.clone();
            x[i + 1][i] += Math.max(0.1, Math.abs(start[i]) * 0.2);
        }
        int evals = 0;
        for (int i = 0; i <= n; i++) {
            f[i] = deviance(st, total, x[i], null);
            evals++;
        }
        for (int it = 0; it < 5_000; it++) {
            // order
            Integer[] idx = order(f);
            double[][] xs = new double[n + 1][];
            double[] fs = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                xs[i] = x[idx[i]];
                fs[i] = f[idx[i]];
            }
            x = xs;
            f = fs;
            if (size(x, n) < 1e-10 && Math.abs(f[n] - f[0]) < 1e-12 * Math.max(1, Math.abs(f[0]))) {
                break;
            }
            double[] centroid = centroid(x, n);
            double[] xr = along(centroid, x[n], -1);
            double fr = deviance(st, total, xr, null);
            evals++;
            if (fr < f[0]) {
                double[] xe = along(centroid, x[n], -2);
                double fe = deviance(st, total, xe, null);
                evals++;
                if (fe < fr) {
                    x[n] = xe;
                    f[n] = fe;
                } else {
                    x[n] = xr;
                    f[n] = fr;
                }
            } else if (fr < f[n - 1]) {
                x[n] = xr;
                f[n] = fr;
            } else {
                double[] xc = fr < f[n] ? along(centroid, x[n], -0.5) : along(centroid, x[n], 0.5);
                double fc = deviance(st, total, xc, null);
                evals++;
                if (fc < Math.min(fr, f[n])) {
                    x[n] = xc;
                    f[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        x[i] = along(x[0], x[i], 0.5);
                        f[i] = deviance(st, total, x[i], null);
                        evals++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (f[i] < f[best]) {
                best = i;
            }
        }
        return new double[] {x[best][0], x[best][1], x[best][2], evals};
    }

    /** centroid + t·(point − centroid). */
    private static double[] along(double[] centroid, double[] point, double t) {
        double[] out = new double[centroid.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = centroid[k] + t * (point[k] - centroid[k]);
        }
        return out;
    }






    private static double[] inverse2(double[] a) {
        double det = a[0] * a[2] - a[1] * a[1];
        if (!(Math.abs(det) > 0)) {
            throw new ValidationException("HLM change", "occasions", "no variation", "occasions that differ");
        }
        return new double[] {a[2] / det, -a[1] / det, a[0] / det};
    }

}
