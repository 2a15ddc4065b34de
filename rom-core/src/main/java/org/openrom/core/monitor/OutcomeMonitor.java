package org.openrom.core.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openrom.core.ConfigurationException;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import org.openrom.core.track.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackState;
import org.openrom.core.track.TrackStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful façade embedders use: scores each administration as it arrives and advances every rule
 * incrementally, keeping O(1) state per patient and rule.
 *
 * <p><b>Thread safety.</b> All methods may be called from any number of threads. Administrations of
 * one patient are applied one at a time, in the order their {@code record} calls acquire that patient's
 * lock; different patients proceed in parallel. {@link #snapshot()} waits for records in flight and
 * captures a state in which every record either happened completely or not at all.
 *
 * <p><b>Nothing partial.</b> {@code record} validates everything (answers, occasion order) before it
 * changes anything; a rejected administration leaves the monitor exactly as it was.
 *
 * <p><b>Occasion order.</b> Per patient and scale, occasions must strictly increase: a duplicate or
 * earlier occasion is rejected with a {@link ValidationException} on {@code occasion}. (Different
 * instruments may share an occasion.)
 *
 * <p>Logging (SLF4J, DEBUG) names rules, occasions, statuses and counts only — never patient ids, answers,
 * scores or text.
 */
public final class OutcomeMonitor {
    /** The snapshot format name. */
    public static final String SNAPSHOT_FORMAT = MonitorSnapshots.FORMAT;
    /** The snapshot format version this code writes and reads. */
    public static final int SNAPSHOT_VERSION = MonitorSnapshots.VERSION;

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeMonitor.class);

    private final InstrumentRegistry instruments;
    private final List<TrackRule> rules;
    private final List<String> scaleIds;
    private final Map<String, Integer> scaleIndex;
    private final int[][] ruleScales;
    private final int[] ruleWidths;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile ConcurrentHashMap<String, PatientState> patients = new ConcurrentHashMap<>();

    private OutcomeMonitor(Builder b) {
        this.instruments = b.instruments;
        this.rules = List.copyOf(b.rules);
        Map<String, Integer> idx = new LinkedHashMap<>();
        this.ruleScales = new int[rules.size()][];
        for (int r = 0; r < rules.size(); r++) {
            List<String> sc = rules.get(r).scales();
            ruleScales[r] = new int[sc.size()];
            for (int k = 0; k < sc.size(); k++) {
                Integer i = idx.get(sc.get(k));
                if (i == null) {
                    i = idx.size();
                    idx.put(sc.get(k), i);
                }
                ruleScales[r][k] = i;
            }
        }
        this.ruleWidths = new int[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            ruleWidths[r] = ruleScales[r].length;
        }
        this.scaleIndex = Map.copyOf(idx);
        this.scaleIds = List.copyOf(idx.keySet());
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the rules, in assessment order */
    public List<TrackRule> rules() {
        return rules;
    }

    /** @return the instruments this monitor scores with */
    public InstrumentRegistry instruments() {
        return instruments;
    }

    /**
     * Scores an administration and advances every rule that reads one of its scales.
     *
     * @param administration the administration
     * @return scores, assessments and status transitions
     * @throws org.openrom.core.UnknownIdException for an unknown instrument
     * @throws ValidationException for invalid answers or an occasion that is not after the last one;
     *     the monitor is then unchanged
     */
    public MonitorUpdate record(Administration administration) {
        Objects.requireNonNull(administration, "administration");
        Instrument instrument = instruments.get(administration.instrumentId());
        Scores scores;
        try {
            scores = instrument.score(administration);
        } catch (ValidationException e) {
            LOG.debug("Rejected an administration of {}: {} problem(s)", instrument.id(), e.violations().size());
            throw e;
        }
        LOG.trace("Recording an administration of {} at occasion {}", instrument.id(), administration.occasion());
        int occasion = administration.occasion();
        int[] observedScale = new int[scores.scores().size()];
        double[] observedValue = new double[scores.scores().size()];
        int n = 0;
        for (Score s : scores.scores()) {
            Integer i = scaleIndex.get(s.scale());
            if (i != null && s.isScored()) {
                observedScale[n] = i;
                observedValue[n] = s.value().getAsDouble();
                n++;
            }
        }
        if (n == 0) {
            // nothing any rule reads: no state is created or changed
            return new MonitorUpdate(scores, List.of(), List.of());
        }
        lock.readLock().lock();
        try {
            PatientState ps = patients.computeIfAbsent(administration.patientId(), id -> newPatient());
            synchronized (ps) {
                for (int k = 0; k < n; k++) {
                    int last = ps.lastOccasion[observedScale[k]];
                    if (occasion <= last) {
                        throw new ValidationException("administration of " + instrument.id() + " (patient "
                                + administration.patientId() + ")", "occasion", String.valueOf(occasion),
                                "an occasion after " + last + ", the last recorded for " + scaleIds.get(observedScale[k])
                                        + (occasion == last ? " (duplicate occasion)" : " (out of order)"));
                    }
                }
                for (int k = 0; k < n; k++) {
                    ps.lastOccasion[observedScale[k]] = occasion;
                }
                return advance(administration.patientId(), ps, scores, occasion, observedScale, observedValue, n);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    PatientState newPatient() {
        TrackState[] states = new TrackState[rules.size()];
        for (int r = 0; r < states.length; r++) {
            states[r] = rules.get(r).start();
        }
        return new PatientState(scaleIds.size(), states, ruleWidths);
    }

    /**
     * Advances every rule that reads one of the observed scales. A single-scale rule is assessed at once; a
     * multi-scale rule collects values per occasion and is assessed at each occasion once all of its scales
     * have arrived there, in any interleaving that the per-scale order allows. Occasions complete in increasing
     * order (a scale recorded at a later occasion can no longer arrive for an earlier one), so the rule sees
     * exactly the occasions that batch evaluation over the same data assesses.
     */
    private MonitorUpdate advance(String patientId, PatientState ps, Scores scores, int occasion, int[] scales,
            double[] values, int n) {
        List<TrackAssessment> assessments = new ArrayList<>(rules.size());
        List<StatusTransition> transitions = null;
        for (int r = 0; r < rules.size(); r++) {
            int[] rs = ruleScales[r];
            TrackAssessment a = null;
            if (rs.length == 1) {
                for (int k = 0; k < n; k++) {
                    if (scales[k] == rs[0]) {
                        a = ps.states[r].next(occasion, values[k]);
                        break;
                    }
                }
            } else {
                PendingOccasions p = ps.pending[r];
                int entry = -1;
                for (int j = 0; j < rs.length; j++) {
                    for (int k = 0; k < n; k++) {
                        if (scales[k] == rs[j]) {
                            if (entry < 0) {
                                entry = p.entry(occasion);
                            }
                            p.put(entry, j, values[k]);
                        }
                    }
                }
                if (entry >= 0 && p.complete(entry)) {
                    a = ps.states[r].next(occasion, p.take(entry));
                }
                if (entry >= 0) {
                    p.prune(ps.lastOccasion, rs);
                }
            }
            if (a == null) {
                continue;
            }
            assessments.add(a);
            ps.assessed[r]++;
            ps.lastAssessed[r] = occasion;
            TrackStatus previous = ps.status[r];
            if (previous != a.status()) {
                if (transitions == null) {
                    transitions = new ArrayList<>(2);
                }
                transitions.add(new StatusTransition(patientId, a.rule(), occasion, Optional.ofNullable(previous),
                        a.status()));
                if (a.status() == TrackStatus.NOT_ON_TRACK && LOG.isDebugEnabled()) {
                    LOG.debug("A patient became NOT_ON_TRACK by rule {} at occasion {}", a.rule().id(), occasion);
                }
            }
            ps.status[r] = a.status();
        }
        return new MonitorUpdate(scores, assessments, transitions == null ? List.of() : transitions);
    }

    /**
     * The latest status of each rule for a patient.
     *
     * @param patientId the patient
     * @return rule spec → latest status, in rule order; empty when the patient is unknown
     */
    public Map<String, TrackStatus> status(String patientId) {
        Objects.requireNonNull(patientId, "patientId");
        PatientState ps = patients.get(Administration.normalizeId(patientId));
        Map<String, TrackStatus> out = new LinkedHashMap<>();
        if (ps == null) {
            return out;
        }
        synchronized (ps) {
            for (int r = 0; r < rules.size(); r++) {
                if (ps.status[r] != null) {
                    out.put(rules.get(r).ref().spec(), ps.status[r]);
                }
            }
        }
        return out;
    }

    /** @return the number of patients with state */
    public int patientCount() {
        return patients.size();
    }

    /**
     * Writes the whole state to a stream in the snapshot format ({@link MonitorSnapshots}): a header with
     * the rules and scales, one record per patient sorted by id, and a trailer with the patient count and a
     * SHA-256 digest of everything before it. Records in flight finish first and new ones wait until the
     * snapshot is written, so it is a consistent cut. Equal states give equal bytes. The stream is flushed,
     * not closed.
     *
     * @param out where to write
     * @throws UncheckedIOException when writing fails
     */
    public void snapshot(OutputStream out) {
        Objects.requireNonNull(out, "out");
        lock.writeLock().lock();
        try {
            MonitorSnapshots.write(this, patients, out);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The snapshot as text, for small monitors (tests, a few thousand patients); use
     * {@link #snapshot(OutputStream)} for anything large.
     *
     * @return the snapshot, UTF-8 text
     */
    public String snapshot() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        snapshot(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /**
     * Replaces the whole state with a snapshot taken by a monitor with the same rules and scales. The
     * snapshot is read record by record (each record bounded by {@link RomJson#MAX_DOCUMENT_LENGTH}, the
     * whole by nothing but memory for the state itself), checked strictly (unknown or missing keys, wrong
     * types, invalid ids, impossible counters and occasions, rule states that contradict them) and against
     * its digest; only then does the monitor switch to it. On any failure the monitor is unchanged.
     *
     * @param in the snapshot, read to its end (not closed)
     * @throws DataFormatException when the snapshot is corrupted, edited, truncated, of another format or
     *     version, or was taken with other rules
     * @throws UncheckedIOException when reading fails
     */
    public void restore(InputStream in) {
        Objects.requireNonNull(in, "in");
        ConcurrentHashMap<String, PatientState> restored = MonitorSnapshots.read(this, in);
        lock.writeLock().lock();
        try {
            patients = restored;
        } finally {
            lock.writeLock().unlock();
        }
        LOG.debug("Restored monitor state of {} patients", restored.size());
    }

    /**
     * Restores from a snapshot held as text (see {@link #restore(InputStream)}).
     *
     * @param snapshot what {@link #snapshot()} returned
     * @throws DataFormatException when the snapshot is not valid for this monitor
     */
    public void restore(String snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        restore(new ByteArrayInputStream(snapshot.getBytes(StandardCharsets.UTF_8)));
    }

    List<String> scaleIds() {
        return scaleIds;
    }

    int[] ruleScales(int rule) {
        return ruleScales[rule];
    }

    /** Builds a monitor from instruments and rules. */
    public static final class Builder {
        private InstrumentRegistry instruments;
        private RuleRegistry ruleRegistry;
        private RuleEnvironment environment;
        private final List<TrackRule> rules = new ArrayList<>();
        private final List<String> specs = new ArrayList<>();

        private Builder() {
        }

        /** @return this, scoring with these instruments (default: {@link InstrumentRegistry#loadDefault()}) */
        public Builder instruments(InstrumentRegistry registry) {
            instruments = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** @return this, creating rules from specs with this registry (default: {@link RuleRegistry#loadDefault()}) */
        public Builder ruleRegistry(RuleRegistry registry) {
            ruleRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** @return this, resolving scales and reference cohorts for specs here (default: the instruments' scales) */
        public Builder environment(RuleEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** @return this, with a rule created from a spec such as {@code deterioration-or-no-change:run=3} */
        public Builder rule(String spec) {
            specs.add(Objects.requireNonNull(spec, "spec"));
            rules.add(null);
            return this;
        }

        /** @return this, with a rule object */
        public Builder rule(TrackRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            specs.add(null);
            return this;
        }

        /**
         * @return the monitor
         * @throws org.openrom.core.RuleSpecException for a bad spec
         * @throws ConfigurationException for a rule whose scale no instrument provides, or no rules
         */
        public OutcomeMonitor build() {
            if (instruments == null) {
                instruments = InstrumentRegistry.loadDefault();
            }
            if (rules.isEmpty()) {
                throw new ConfigurationException("An OutcomeMonitor needs at least one rule");
            }
            RuleEnvironment env = environment != null ? environment : RuleEnvironment.of(instruments);
            Map<String, Boolean> seen = new HashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i) == null) {
                    if (ruleRegistry == null) {
                        ruleRegistry = RuleRegistry.loadDefault();
                    }
                    rules.set(i, ruleRegistry.create(specs.get(i), env));
                }
                TrackRule r = rules.get(i);
                for (String s : r.scales()) {
                    if (instruments.findScale(s).isEmpty()) {
                        throw new ConfigurationException("Rule " + r.ref().spec() + " reads scale '" + s
                                + "', which no instrument of this monitor provides; known: " + instruments.scales().keySet());
                    }
                }
                if (seen.put(r.ref().spec(), Boolean.TRUE) != null) {
                    throw new ConfigurationException("Rule " + r.ref().spec() + " is given twice");
                }
            }
            return new OutcomeMonitor(this);
        }
    }
}
