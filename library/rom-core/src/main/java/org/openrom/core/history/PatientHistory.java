package org.openrom.core.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.internal.AppendOnly;
import org.openrom.core.internal.SmallMap;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import org.openrom.core.track.ScoreSeries;

/**
 * One patient's scored history: the administrations in the order they were added, their scores, and one
 * primitive {@link ScoreSeries} per scale. The one value that carries a patient through OpenROM: the
 * {@link org.openrom.core.monitor.OutcomeMonitor} keeps it (when asked to), and the NOT report, the needs engine,
 * the command line and the examples read it, so nothing is scored twice.
 *
 * <p>Immutable and thread-safe. {@link #append} returns a new history in amortised O(1) time, whatever the
 * length: versions share their storage, and only the newest version of a lineage extends it.
 *
 * <p>Score-level data (a registry's table of totals, no item answers) enters through {@link #appendScore}:
 * such a history has series but no administrations.
 */
public final class PatientHistory {
    private final String patientId;
    private final Optional<String> groupId;
    private final AppendOnly<Administration> administrations;
    private final AppendOnly<Scores> scores;
    /** The series by scale: a small sorted index, one array copy per append. */
    private final SmallMap<ScoreSeries> series;
    private final SmallMap<Integer> lastByInstrument;

    private PatientHistory(String patientId, Optional<String> groupId, AppendOnly<Administration> administrations,
            AppendOnly<Scores> scores, SmallMap<ScoreSeries> series, SmallMap<Integer> lastByInstrument) {
        this.patientId = patientId;
        this.groupId = groupId;
        this.administrations = administrations;
        this.scores = scores;
        this.series = series;
        this.lastByInstrument = lastByInstrument;
    }

    /**
     * @param patientId the patient (normalised as {@link Administration} does)
     * @return an empty history
     */
    public static PatientHistory of(String patientId) {
        String id = Administration.normalizeId(Objects.requireNonNull(patientId, "patientId"));
        String problem = org.openrom.core.internal.Checks.opaqueIdProblem(id);
        if (problem != null) {
            // the id's shape, never a long or odd id itself
            throw new ValidationException("patient history", "patientId", org.openrom.core.SafeText.show(id), problem);
        }
        return new PatientHistory(id, Optional.empty(), AppendOnly.empty(), AppendOnly.empty(), SmallMap.empty(),
                SmallMap.empty());
    }

    /**
     * Scores a patient's administrations and collects them, ordered by occasion and then instrument: the batch
     * way to the value the monitor builds incrementally.
     *
     * @param patientId the patient
     * @param instruments the instruments that score them
     * @param administrations the patient's administrations, in any order
     * @return the history
     * @throws ValidationException when an administration is of another patient, invalid, or repeats an
     *     instrument at an occasion
     */
    public static PatientHistory score(String patientId, InstrumentRegistry instruments, List<Administration> administrations) {
        Objects.requireNonNull(instruments, "instruments");
        List<Administration> sorted = new ArrayList<>(Objects.requireNonNull(administrations, "administrations"));
        sorted.sort(Comparator.comparingInt(Administration::occasion).thenComparing(Administration::instrumentId));
        PatientHistory h = of(patientId);
        for (Administration a : sorted) {
            h = h.append(a, instruments.get(a.instrumentId()).score(a));
        }
        return h;
    }

    /**
     * @param administration an administration of this patient
     * @param scores its scores
     * @return this history with the administration added (this one is unchanged)
     * @throws ValidationException when it is another patient's, the scores are not its scores, the instrument was
     *     already recorded at this or a later occasion, or a scale's occasion is not after its last
     */
    public PatientHistory append(Administration administration, Scores scores) {
        Objects.requireNonNull(administration, "administration");
        Objects.requireNonNull(scores, "scores");
        if (!administration.patientId().equals(patientId)) {
            throw new ValidationException(subject(administration), "patientId", administration.patientId(),
                    "patient " + patientId);
        }
        if (!scores.patientId().equals(patientId) || !scores.instrumentId().equals(administration.instrumentId())
                || scores.occasion() != administration.occasion()) {
            throw new ValidationException(subject(administration), "scores", scores.instrumentId() + "@"
                    + scores.occasion(), "the scores of this administration");
        }
        Integer last = lastByInstrument.get(administration.instrumentId());
        if (last != null && administration.occasion() <= last) {
            throw new ValidationException(subject(administration), "occasion", String.valueOf(administration.occasion()),
                    "an occasion after " + last + ", the last recorded for " + administration.instrumentId()
                            + (administration.occasion() == last ? " (duplicate occasion)" : " (out of order)"));
        }
        SmallMap<ScoreSeries> s = series;
        for (Score sc : scores.scores()) {
            if (sc.isScored()) {
                ScoreSeries old = s.get(sc.scale());
                s = s.with(sc.scale(), (old != null ? old : ScoreSeries.empty(patientId, sc.scale()))
                        .append(administration.occasion(), sc.value().getAsDouble()));
            }
        }
        return new PatientHistory(patientId, administration.groupId().isPresent() ? administration.groupId() : groupId,
                administrations.append(administration), this.scores.append(scores), s,
                lastByInstrument.with(administration.instrumentId(), administration.occasion()));
    }

    private String subject(Administration administration) {
        return "administration of " + administration.instrumentId() + " (patient " + patientId + ")";
    }

    /**
     * Adds one score of score-level data (no administration).
     *
     * @param scale the qualified scale id (or an external scale's name)
     * @param occasion an occasion after the scale's last
     * @param value a finite score
     * @return this history with the score added
     */
    public PatientHistory appendScore(String scale, int occasion, double value) {
        Objects.requireNonNull(scale, "scale");
        ScoreSeries old = series.get(scale);
        return new PatientHistory(patientId, groupId, administrations, scores,
                series.with(scale, (old != null ? old : ScoreSeries.empty(patientId, scale)).append(occasion, value)),
                lastByInstrument);
    }

    /**
     * @param group the patient's therapy group (opaque id)
     * @return this history with the group set
     */
    public PatientHistory withGroup(String group) {
        String g = Administration.normalizeId(Objects.requireNonNull(group, "group"));
        return new PatientHistory(patientId, g.isEmpty() ? Optional.empty() : Optional.of(g), administrations, scores,
                series, lastByInstrument);
    }

    /** @return the patient */
    public String patientId() {
        return patientId;
    }

    /** @return the therapy group of the latest administration that named one */
    public Optional<String> groupId() {
        return groupId;
    }

    /** @return the administrations, in the order added (unmodifiable) */
    public List<Administration> administrations() {
        return administrations.asList();
    }

    /** @return the scores of each administration, in the same order (unmodifiable) */
    public List<Scores> scores() {
        return scores.asList();
    }

    /**
     * @param scale a qualified scale id
     * @return the patient's series on it (empty when none)
     */
    public ScoreSeries series(String scale) {
        ScoreSeries s = series.get(Objects.requireNonNull(scale, "scale"));
        return s != null ? s : ScoreSeries.empty(patientId, scale);
    }

    /** @return the scales with at least one score, sorted */
    public Set<String> scales() {
        return Collections.unmodifiableSet(new java.util.TreeSet<>(series.keys()));
    }

    /** @return true when the history holds no administration and no score */
    public boolean isEmpty() {
        return administrations.size() == 0 && series.size() == 0;
    }

    /** @return the latest occasion of any administration or score, or -1 when empty */
    public int lastOccasion() {
        int last = -1;
        for (int i = 0; i < administrations.size(); i++) {
            last = Math.max(last, administrations.get(i).occasion());
        }
        for (int i = 0; i < series.size(); i++) {
            ScoreSeries s = series.value(i);
            if (s.size() > 0) {
                last = Math.max(last, s.occasion(s.size() - 1));
            }
        }
        return last;
    }

    /**
     * @param occasion the last occasion to keep
     * @return the history up to and including it (this one when nothing is later)
     */
    public PatientHistory upTo(int occasion) {
        return filter(o -> o <= occasion);
    }

    /**
     * @param occasion the first occasion to keep
     * @return the history from that occasion on (older administrations and scores dropped)
     */
    public PatientHistory since(int occasion) {
        return filter(o -> o >= occasion);
    }

    private PatientHistory filter(java.util.function.IntPredicate keep) {
        List<Administration> as = new ArrayList<>();
        List<Scores> ss = new ArrayList<>();
        SmallMap<Integer> lasts = SmallMap.empty();
        for (int i = 0; i < administrations.size(); i++) {
            Administration a = administrations.get(i);
            if (keep.test(a.occasion())) {
                as.add(a);
                ss.add(scores.get(i));
                Integer l = lasts.get(a.instrumentId());
                lasts = lasts.with(a.instrumentId(), l == null ? a.occasion() : Math.max(l, a.occasion()));
            }
        }
        SmallMap<ScoreSeries> s = SmallMap.empty();
        boolean same = as.size() == administrations.size();
        for (int k = 0; k < series.size(); k++) {
            ScoreSeries x = series.value(k);
            String scale = series.key(k);
            int n = 0;
            int[] occ = new int[x.size()];
            double[] val = new double[x.size()];
            for (int i = 0; i < x.size(); i++) {
                if (keep.test(x.occasion(i))) {
                    occ[n] = x.occasion(i);
                    val[n++] = x.value(i);
                }
            }
            same &= n == x.size();
            if (n > 0) {
                s = s.with(scale, ScoreSeries.of(patientId, scale, java.util.Arrays.copyOf(occ, n),
                        java.util.Arrays.copyOf(val, n)));
            }
        }
        if (same) {
            return this;
        }
        return new PatientHistory(patientId, groupId, AppendOnly.of(as), AppendOnly.of(ss), s, lasts);
    }

    /** Equal when the patient, group, administrations, scores and series are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PatientHistory && ((PatientHistory) o).patientId.equals(patientId)
                && ((PatientHistory) o).groupId.equals(groupId)
                && ((PatientHistory) o).administrations().equals(administrations())
                && ((PatientHistory) o).scores().equals(scores()) && ((PatientHistory) o).series.equals(series);
    }

    @Override
    public int hashCode() {
        return Objects.hash(patientId, administrations(), series);
    }

    /** Identifiers and sizes only. */
    @Override
    public String toString() {
        return "PatientHistory[patient=" + patientId + ", administrations=" + administrations.size() + ", scales="
                + series.size() + "]";
    }
}
