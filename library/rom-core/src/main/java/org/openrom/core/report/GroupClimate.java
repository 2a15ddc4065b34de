package org.openrom.core.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.ScoreSeries;

/**
 * The climate of a therapy group at a session, from its members' histories: per session and scale the group's
 * mean and spread, and each member's position against the group and against the member's own earlier
 * sessions, with a flag for a possible rupture. Meant for the alliance-to-the-group scales of the GQ-12
 * (positive bonding, positive working, negative relationship; Krogel et al. 2013), which have no published
 * cut-offs: a possible rupture is therefore a documented, parameterised, data-derived criterion (see
 * {@link Options}), a prompt to look, never a finding.
 *
 * @param groupId the group
 * @param session the session assessed
 * @param options the criteria used
 * @param labels each assessed scale's label, by qualified id, in the order of the options
 * @param sessions per scale and session up to {@code session}: the attending members' mean and spread
 * @param members per member and scale: the position at {@code session} (members without a score there are left
 *     out)
 */
public record GroupClimate(String groupId, int session, Options options, Map<String, String> labels,
        List<SessionSummary> sessions, List<MemberPosition> members) {
    /** Validates and copies. */
    public GroupClimate {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(options, "options");
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(labels, "labels")));
        sessions = List.copyOf(Objects.requireNonNull(sessions, "sessions"));
        members = List.copyOf(Objects.requireNonNull(members, "members"));
    }

    /**
     * The criteria of a possible rupture. A member's score at the session flags when either holds:
     * <ul>
     * <li><b>drop from own baseline</b>: the score is at least {@code drop} points worse (in the scale's
     * unfavourable direction) than the mean of the member's first {@code baselineSessions} scores; applied once
     * the member has more scores than that;</li>
     * <li><b>low against the service</b>: the score lies beyond the {@code percentile}-th percentile of the
     * reference distribution (every patient's score on the scale at the same session, the group's own members
     * included) on the unfavourable side: below it for a higher-is-better scale, above the
     * (100 − {@code percentile})-th for a lower-is-better one; applied when the reference has at least
     * {@code minReference} scores. Percentiles are linear interpolations between order statistics (Hyndman &amp;
     * Fan 1996, type 7). A percentile of 0 switches the criterion off.</li>
     * </ul>
     * The defaults (1 point, 2 baseline sessions, 10th percentile, 20 reference scores) are OpenROM's own choices,
     * not published cut-offs.
     *
     * @param scales the qualified scale ids to assess, e.g. {@code gq12.pb}
     * @param baselineSessions how many of a member's first scores make the baseline (&ge; 1)
     * @param drop points of worsening from the baseline that flag (&gt; 0)
     * @param percentile the percentile of the reference beyond which a score flags (0 to 50; 0 = off)
     * @param minReference the fewest reference scores for the percentile criterion (&ge; 2)
     */
    public record Options(List<String> scales, int baselineSessions, double drop, double percentile, int minReference) {
        /** Validates and copies. */
        public Options {
            scales = List.copyOf(Objects.requireNonNull(scales, "scales"));
            if (scales.isEmpty()) {
                throw new ValidationException("group climate options", "scales", "[]", "at least one scale");
            }
            if (baselineSessions < 1) {
                throw new ValidationException("group climate options", "baselineSessions", String.valueOf(baselineSessions),
                        "an integer >= 1");
            }
            if (!(drop > 0) || Double.isInfinite(drop)) {
                throw new ValidationException("group climate options", "drop", String.valueOf(drop), "a number > 0");
            }
            if (!(percentile >= 0 && percentile <= 50)) {
                throw new ValidationException("group climate options", "percentile", String.valueOf(percentile),
                        "a number in 0..50");
            }
            if (minReference < 2) {
                throw new ValidationException("group climate options", "minReference", String.valueOf(minReference),
                        "an integer >= 2");
            }
        }

        /**
         * @param scales the scales to assess
         * @return the default criteria over those scales
         */
        public static Options of(List<String> scales) {
            return new Options(scales, 2, 1.0, 10, 20);
        }
    }

    /**
     * The attending members' scores on one scale at one session.
     *
     * @param scale the qualified scale id
     * @param session the session
     * @param n how many members have a score there
     * @param mean their mean (NaN when n is 0)
     * @param sd their sample standard deviation (NaN when n &lt; 2)
     */
    public record SessionSummary(String scale, int session, int n, double mean, double sd) {
    }

    /**
     * One member's position on one scale at the session.
     *
     * @param patientId the member
     * @param scale the qualified scale id
     * @param value the member's score at the session
     * @param fromGroupMean the score minus the group's mean there
     * @param baseline the mean of the member's first scores, or NaN before there are more scores than that
     * @param worseningFromBaseline points worse than the baseline (negative: better), or NaN
     * @param referenceThreshold the reference percentile the score is compared with, or NaN when not applied
     * @param dropFromBaseline true when the drop criterion holds
     * @param lowAgainstService true when the percentile criterion holds
     */
    public record MemberPosition(String patientId, String scale, double value, double fromGroupMean, double baseline,
            double worseningFromBaseline, double referenceThreshold, boolean dropFromBaseline, boolean lowAgainstService) {
        /** @return true when either criterion holds: a possible rupture, to be explored */
        public boolean possibleRupture() {
            return dropFromBaseline || lowAgainstService;
        }
    }

    /** @return the members flagged on any scale, in order */
    public List<MemberPosition> possibleRuptures() {
        return members.stream().filter(MemberPosition::possibleRupture).toList();
    }

    /**
     * Assesses a group's climate at a session.
     *
     * @param groupId the group
     * @param session the session
     * @param members the members' histories
     * @param reference every patient's history the percentile criterion compares with (the service)
     * @param instruments the instruments that define the scales
     * @param options the criteria
     * @return the climate
     * @throws org.openrom.core.UnknownIdException for a scale that is not installed
     */
    public static GroupClimate assess(String groupId, int session, List<PatientHistory> members,
            List<PatientHistory> reference, InstrumentRegistry instruments, Options options) {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(instruments, "instruments");
        Objects.requireNonNull(options, "options");
        List<SessionSummary> summaries = new ArrayList<>();
        List<MemberPosition> positions = new ArrayList<>();
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String scaleId : options.scales()) {
            Scale scale = instruments.scale(scaleId);
            labels.put(scaleId, scale.label());
            Direction dir = scale.direction();
            Map<Integer, List<Double>> bySession = new TreeMap<>();
            for (PatientHistory h : members) {
                ScoreSeries s = h.series(scaleId).upTo(session);
                for (int i = 0; i < s.size(); i++) {
                    bySession.computeIfAbsent(s.occasion(i), k -> new ArrayList<>()).add(s.value(i));
                }
            }
            bySession.forEach((o, v) -> summaries.add(new SessionSummary(scaleId, o, v.size(), mean(v), sd(v))));
            List<Double> now = bySession.getOrDefault(session, List.of());
            if (now.isEmpty()) {
                continue;
            }
            double groupMean = mean(now);
            List<Double> ref = new ArrayList<>();
            for (PatientHistory h : reference) {
                ScoreSeries s = h.series(scaleId);
                for (int i = 0; i < s.size(); i++) {
                    if (s.occasion(i) == session) {
                        ref.add(s.value(i));
                    }
                }
            }
            double threshold = Double.NaN;
            if (options.percentile() > 0 && ref.size() >= options.minReference()) {
                double p = dir == Direction.HIGHER_IS_BETTER ? options.percentile() : 100 - options.percentile();
                threshold = percentile(ref, p);
            }
            for (PatientHistory h : members) {
                ScoreSeries s = h.series(scaleId).upTo(session);
                if (s.size() == 0 || s.occasion(s.size() - 1) != session) {
                    continue;
                }
                double value = s.value(s.size() - 1);
                double baseline = Double.NaN;
                double worse = Double.NaN;
                if (s.size() > options.baselineSessions()) {
                    double sum = 0;
                    for (int i = 0; i < options.baselineSessions(); i++) {
                        sum += s.value(i);
                    }
                    baseline = sum / options.baselineSessions();
                    worse = dir.worsening(baseline, value);
                }
                boolean drop = !Double.isNaN(worse) && worse >= options.drop() - 1e-9;
                boolean low = !Double.isNaN(threshold)
                        && (dir == Direction.HIGHER_IS_BETTER ? value < threshold : value > threshold);
                positions.add(new MemberPosition(h.patientId(), scaleId, value, value - groupMean, baseline, worse,
                        threshold, drop, low));
            }
        }
        return new GroupClimate(groupId, session, options, labels, summaries, positions);
    }

    private static double mean(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.size();
    }

    private static double sd(List<Double> v) {
        if (v.size() < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.size() - 1));
    }

    /** The p-th percentile (0..100) by linear interpolation between order statistics (type 7). */
    static double percentile(List<Double> values, double p) {
        double[] x = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(x);
        double h = (x.length - 1) * p / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(x.length - 1, lo + 1);
        return x[lo] + (h - lo) * (x[hi] - x[lo]);
    }
}
