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
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;
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
 * changes anything; a rejected administration leaves the monitor as it was, but for its safety alerts, kept open on
 * purpose ({@link #alerts}): a missed alert is worse than a rejected call that changed something.
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
    /** Occasions of history kept per patient (0: none). */
    private final int historyOccasions;
    private final int alertsOpenFor;
    private final java.util.function.Consumer<org.openrom.core.safety.SafetyAlert> alertListener;
    private final org.openrom.core.needs.NeedsEngine needsGiven;
    private volatile org.openrom.core.needs.NeedsEngine needs;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile ConcurrentHashMap<String, PatientState> patients = new ConcurrentHashMap<>();

    private OutcomeMonitor(Builder b) {
        this.instruments = b.instruments;
        this.rules = List.copyOf(b.rules);
        this.historyOccasions = b.historyOccasions;
        this.alertsOpenFor = b.alertsOpenFor;
        this.alertListener = b.alertListener;
        this.needsGiven = b.needs;
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
     * @return scores, assessments, status transitions and safety alerts ({@link MonitorUpdate#alerts()})
     * @throws org.openrom.core.UnknownIdException for an unknown instrument
     * @throws ValidationException for invalid answers or an occasion that is not after the last one; the monitor is then
     *     unchanged but for any alerts it raised: kept open, and carried by the exception, then a {@link
     *     org.openrom.core.safety.RejectedAdministrationException}. A rejection never loses an alert
     */
    public MonitorUpdate record(Administration administration) {
        Objects.requireNonNull(administration, "administration");
        Instrument instrument = instruments.get(administration.instrumentId());
        Scores scores;
        try {
            scores = instrument.score(administration);
        } catch (ValidationException e) {
            LOG.debug("Rejected an administration of {}: {} problem(s)", instrument.id(), e.violations().size());
            if (e instanceof org.openrom.core.safety.RejectedAdministrationException r) {
                MonitorAlerts.notify(alertListener, r.alerts());
                MonitorAlerts.keep(lock, patients, administration.patientId(), this::newPatient, r.alerts());
            }
            throw e;
        }
        MonitorAlerts.notify(alertListener, scores.alerts());
        try {
            return record(administration, instrument, scores);
        } catch (ValidationException e) {
            // rejected (an occasion out of order, a duplicate): the alerts go with the rejection, never lost
            if (scores.alerts().isEmpty()) {
                throw e;
            }
            MonitorAlerts.keep(lock, patients, administration.patientId(), this::newPatient, scores.alerts());
            throw new org.openrom.core.safety.RejectedAdministrationException(e, scores.alerts());
        }
    }

    /**
     * @param patientId the patient
     * @return the patient's alerts as the monitor keeps them, in the order raised: every open alert, however old (an
     *     alert outlives the kept history), and the newest acknowledged ones; empty for an unknown patient
     */
    public List<org.openrom.core.safety.TrackedAlert> alerts(String patientId) {
        Objects.requireNonNull(patientId, "patientId");
        return MonitorAlerts.of(patients.get(Administration.normalizeId(patientId)));
    }

    /**
     * Records a clinician's acknowledgement of a patient's alert: the alert leaves the report's alert box, the group
     * row and the worklist, and is listed with it instead. The first acknowledgement stands; a retry returns it.
     *
     * @param patientId the patient
     * @param acknowledgement who, when, the alert ({@link org.openrom.core.safety.SafetyAlert#id()}) and an optional
     *     coded action
     * @return the acknowledgement that stands
     * @throws org.openrom.core.UnknownIdException for an unknown patient, or an alert the patient does not have (the
     *     message lists the patient's alert ids)
     */
    public org.openrom.core.safety.Acknowledgement acknowledge(String patientId,
            org.openrom.core.safety.Acknowledgement acknowledgement) {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
        return MonitorAlerts.acknowledge(lock, patients, patientId, acknowledgement);
    }

    /**
     * @param query the assignments, the filter and when an absence counts
     * @return the clinician's worklist: every patient who needs attention, ranked ({@link org.openrom.core.worklist}),
     *     from the monitor's own state (no history needed); one pass over the patients and a sort
     */
    public org.openrom.core.worklist.Worklist worklist(org.openrom.core.worklist.WorklistQuery query) {
        Objects.requireNonNull(query, "query");
        return MonitorWorklist.build(patients, rules, ruleScales, alertsOpenFor, query);
    }


    private MonitorUpdate record(Administration administration, Instrument instrument, Scores scores) {
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
        if (n == 0 && historyOccasions == 0 && scores.alerts().isEmpty()) {
            // nothing any rule reads, no history kept and no alert to keep: no state is created; a known patient's
            // attendance is noted (the worklist tells a missing questionnaire from a missed session by it)
            MonitorAlerts.seen(lock, patients.get(administration.patientId()), occasion, administration.groupId());
            return new MonitorUpdate(scores, List.of(), List.of());
        }
        lock.readLock().lock();
        try {
            PatientState ps = patients.computeIfAbsent(administration.patientId(), this::newPatient);
            synchronized (ps) {
                ps.checkOrder(instrument.id(), administration.patientId(), occasion, observedScale, n, scaleIds);
                // the history checks its own order (every instrument, every scale) before anything changes
                org.openrom.core.history.PatientHistory next = ps.history == null ? null : ps.history.append(administration, scores);
                for (int k = 0; k < n; k++) {
                    ps.lastOccasion[observedScale[k]] = occasion;
                }
                MonitorUpdate u = ps.advance(rules, ruleScales, administration.patientId(), scores, occasion, observedScale,
                        observedValue, n);
                ps.keepAlerts(scores.alerts());
                ps.seen(occasion, administration.groupId());
                if (next != null) {
                    ps.history = next;
                    ps.trimHistory(historyOccasions, occasion);
                }
                return u;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return a patient who has seen nothing yet, with a history when the monitor keeps histories */
    PatientState newPatient(String patientId) {
        return PatientState.start(rules, scaleIds.size(), ruleWidths, historyOccasions > 0 ? patientId : null);
    }

    /**
     * A patient's scored history as the monitor keeps it (the last {@link Builder#keepHistory} occasions).
     *
     * @param patientId the patient
     * @return the history, or empty when the patient is unknown
     * @throws IllegalStateException when the monitor keeps no histories
     */
    public Optional<org.openrom.core.history.PatientHistory> history(String patientId) {
        Objects.requireNonNull(patientId, "patientId");
        requireHistory();
        PatientState ps = patients.get(Administration.normalizeId(patientId));
        if (ps == null) {
            return Optional.empty();
        }
        synchronized (ps) {
            return Optional.of(ps.history);
        }
    }

    /**
     * The NOT report of a patient at their latest occasion, built from the monitor's own state: the kept history
     * and the assessments the rules made as administrations arrived. Nothing is scored or evaluated again.
     *
     * @param patientId the patient
     * @return the report
     * @throws IllegalStateException when the monitor keeps no histories
     * @throws org.openrom.core.UnknownIdException when the monitor has no data of the patient
     */
    public org.openrom.core.report.NotReport report(String patientId) {
        return report(patientId, Integer.MAX_VALUE);
    }

    /**
     * The NOT report of a patient at an occasion (later data is ignored), from the monitor's own state.
     *
     * @param patientId the patient
     * @param occasion the occasion to report on
     * @return the report
     * @throws IllegalStateException when the monitor keeps no histories
     * @throws org.openrom.core.UnknownIdException when the monitor has no data of the patient
     * @throws ValidationException when the kept history has nothing up to the occasion
     */
    public org.openrom.core.report.NotReport report(String patientId, int occasion) {
        Objects.requireNonNull(patientId, "patientId");
        requireHistory();
        return MonitorReports.report(patients, rules, instruments, needs(), alertsOpenFor, patientId, occasion);
    }

    /**
     * The reports of every member of a therapy group at the group's latest session (the latest occasion of any
     * member), sorted by patient id: a member who has missed that session is reported there too, so that the
     * absence shows. From the monitor's own state, as {@link #report(String)}.
     *
     * @param groupId the group (as the administrations name it)
     * @return the members' reports (empty for an unknown group)
     * @throws IllegalStateException when the monitor keeps no histories
     */
    public List<org.openrom.core.report.NotReport> group(String groupId) {
        return group(groupId, Integer.MAX_VALUE);
    }

    /**
     * The climate of a therapy group at a session ({@link org.openrom.core.report.GroupClimate}): the members'
     * scores on the given scales against the group and their own baselines, with every patient the monitor keeps
     * as the reference distribution. From the monitor's own state.
     *
     * @param groupId the group
     * @param session the session
     * @param options the scales and the criteria of a possible rupture
     * @return the climate (no members: an unknown group)
     * @throws IllegalStateException when the monitor keeps no histories
     * @throws org.openrom.core.UnknownIdException for a scale that is not installed
     */
    public org.openrom.core.report.GroupClimate groupClimate(String groupId, int session,
            org.openrom.core.report.GroupClimate.Options options) {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(options, "options");
        requireHistory();
        return MonitorReports.groupClimate(patients, instruments, groupId, session, options);
    }

    /**
     * The reports of every member of a therapy group at one session (later data is ignored), sorted by patient
     * id; a member with no data up to the session is left out.
     *
     * @param groupId the group (as the administrations name it)
     * @param occasion the session; {@link Integer#MAX_VALUE} for the group's latest
     * @return the members' reports (empty for an unknown group)
     * @throws IllegalStateException when the monitor keeps no histories
     */
    public List<org.openrom.core.report.NotReport> group(String groupId, int occasion) {
        Objects.requireNonNull(groupId, "groupId");
        requireHistory();
        return MonitorReports.group(patients, groupId, occasion, this::report);
    }

    private void requireHistory() {
        if (historyOccasions == 0) {
            throw new IllegalStateException("this monitor keeps no histories: build it with keepHistory(occasions)");
        }
    }

    private org.openrom.core.needs.NeedsEngine needs() {
        org.openrom.core.needs.NeedsEngine n = needs;
        if (n == null) {
            n = needsGiven != null ? needsGiven : org.openrom.core.needs.NeedsEngine.loadDefault(instruments);
            needs = n;
        }
        return n;
    }

    /** @return how many occasions of history the monitor keeps per patient (0: none) */
    public int historyOccasions() {
        return historyOccasions;
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
     * snapshot is read record by record (each record bounded by 64 MiB ({@code RomJson.MAX_DOCUMENT_LENGTH}), the
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
        private int historyOccasions;
        private int alertsOpenFor = Integer.MAX_VALUE;
        private java.util.function.Consumer<org.openrom.core.safety.SafetyAlert> alertListener;
        private org.openrom.core.needs.NeedsEngine needs;

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

        /**
         * Receives every safety alert as it is raised, before {@code record} returns or throws, for accepted and
         * rejected administrations alike (push delivery: a page, a message to the clinician on duty). The alerts are
         * in the update (or the {@link org.openrom.core.safety.RejectedAdministrationException}) all the same. The
         * listener runs on the recording thread and must be thread-safe; one that throws is logged (without the
         * patient) and does not stop the recording.
         *
         * @param listener the listener
         * @return this
         */
        public Builder alertListener(java.util.function.Consumer<org.openrom.core.safety.SafetyAlert> listener) {
            this.alertListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Keeps each patient's scored history (administrations, scores, series) and the rules' assessments for
         * the last {@code occasions} occasions, so that {@link OutcomeMonitor#report} and {@link OutcomeMonitor#group}
         * work from the monitor's own state. Memory grows with the occasions kept (about 1 KB per administration
         * with its scores and assessments; see the benchmarks); rule states stay O(1) whatever is kept.
         *
         * @param occasions the number of most recent occasions to keep, 1 to 10,000
         * @return this
         */
        public Builder keepHistory(int occasions) {
            if (occasions < 1 || occasions > 10_000) {
                throw new IllegalArgumentException("keepHistory: occasions must be in 1..10000, got " + occasions);
            }
            historyOccasions = occasions;
            return this;
        }

        /**
         * @param sessions 0 to 10,000: a clinic's choice to show an unacknowledged alert for this many sessions after its
         *     own instead of until a clinician acknowledges it (the default); the alert is kept all the same
         * @return this
         */
        public Builder alertsOpenFor(int sessions) {
            if (sessions < 0 || sessions > 10_000) {
                throw new IllegalArgumentException("alertsOpenFor: sessions must be in 0..10000, got " + sessions);
            }
            alertsOpenFor = sessions;
            return this;
        }

        /** @return this, building reports with this needs engine (default: {@link org.openrom.core.needs.NeedsEngine#loadDefault}) */
        public Builder needs(org.openrom.core.needs.NeedsEngine engine) {
            needs = Objects.requireNonNull(engine, "engine");
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
