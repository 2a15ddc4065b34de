package org.openrom.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openrom.core.ConfigurationException;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;
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
    public static final String SNAPSHOT_FORMAT = "openrom-monitor-snapshot";
    /** The snapshot format version this code writes and reads. */
    public static final int SNAPSHOT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeMonitor.class);

    private final InstrumentRegistry instruments;
    private final List<TrackRule> rules;
    private final List<String> scaleIds;
    private final Map<String, Integer> scaleIndex;
    private final int[][] ruleScales;
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
        lock.readLock().lock();
        try {
            PatientState ps = patients.computeIfAbsent(administration.patientId(), id -> new PatientState(this));
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
                if (n == 0) {
                    return new MonitorUpdate(scores, List.of(), List.of());
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

    private MonitorUpdate advance(String patientId, PatientState ps, Scores scores, int occasion, int[] scales,
            double[] values, int n) {
        List<TrackAssessment> assessments = new ArrayList<>();
        List<StatusTransition> transitions = new ArrayList<>();
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
                Pending p = ps.pending(r, rs.length);
                if (p.occasion != occasion) {
                    p.reset(occasion);
                }
                for (int j = 0; j < rs.length; j++) {
                    for (int k = 0; k < n; k++) {
                        if (scales[k] == rs[j]) {
                            p.values[j] = values[k];
                            p.have[j] = true;
                        }
                    }
                }
                if (p.complete()) {
                    a = ps.states[r].next(occasion, p.values.clone());
                    p.reset(Integer.MIN_VALUE);
                }
            }
            if (a == null) {
                continue;
            }
            assessments.add(a);
            TrackStatus previous = ps.status[r];
            if (previous != a.status()) {
                transitions.add(new StatusTransition(patientId, a.rule(), occasion, Optional.ofNullable(previous),
                        a.status()));
                if (a.status() == TrackStatus.NOT_ON_TRACK && LOG.isDebugEnabled()) {
                    LOG.debug("A patient became NOT_ON_TRACK by rule {} at occasion {}", a.rule().id(), occasion);
                }
            }
            ps.status[r] = a.status();
        }
        return new MonitorUpdate(scores, assessments, transitions);
    }

    /**
     * The latest status of each rule for a patient.
     *
     * @param patientId the patient
     * @return rule spec → latest status, in rule order; empty when the patient is unknown
     */
    public Map<String, TrackStatus> status(String patientId) {
        PatientState ps = patients.get(patientId);
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
     * Captures the whole state as JSON: format, version, the rules (canonical specs and versions), and
     * per patient the last occasion per scale, each rule's status and encoded state. Patients are
     * sorted by id, so equal states give equal snapshots.
     *
     * @return the snapshot
     */
    public String snapshot() {
        lock.writeLock().lock();
        try {
            JsonNodeFactory f = JsonNodeFactory.instance;
            ObjectNode root = f.objectNode();
            root.put("format", SNAPSHOT_FORMAT);
            root.put("version", SNAPSHOT_VERSION);
            ArrayNode rs = root.putArray("rules");
            for (TrackRule r : rules) {
                rs.addObject().put("spec", r.ref().spec()).put("version", r.ref().version());
            }
            ArrayNode sc = root.putArray("scales");
            scaleIds.forEach(sc::add);
            ArrayNode ps = root.putArray("patients");
            for (Map.Entry<String, PatientState> e : new TreeMap<>(patients).entrySet()) {
                PatientState s = e.getValue();
                ObjectNode p = ps.addObject();
                p.put("id", e.getKey());
                ArrayNode last = p.putArray("lastOccasions");
                for (int v : s.lastOccasion) {
                    last.add(v);
                }
                ArrayNode rn = p.putArray("rules");
                for (int r = 0; r < rules.size(); r++) {
                    ObjectNode o = rn.addObject();
                    if (s.status[r] != null) {
                        o.put("status", s.status[r].name());
                    }
                    ArrayNode st = o.putArray("state");
                    for (double d : s.states[r].save()) {
                        st.add(d);
                    }
                    Pending pend = s.pending == null ? null : s.pending[r];
                    if (pend != null && pend.occasion != Integer.MIN_VALUE) {
                        ObjectNode pn = o.putObject("pending");
                        pn.put("occasion", pend.occasion);
                        ArrayNode vals = pn.putArray("values");
                        for (int j = 0; j < pend.values.length; j++) {
                            if (pend.have[j]) {
                                vals.add(pend.values[j]);
                            } else {
                                vals.addNull();
                            }
                        }
                    }
                }
            }
            return root.toString();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Replaces the whole state with a snapshot taken by a monitor with the same rules. The snapshot is
     * validated completely before anything changes.
     *
     * @param snapshot what {@link #snapshot()} returned
     * @throws DataFormatException when the snapshot is corrupted, of another format or version, or was
     *     taken with other rules
     */
    public void restore(String snapshot) {
        ConcurrentHashMap<String, PatientState> restored = parse(snapshot);
        lock.writeLock().lock();
        try {
            patients = restored;
        } finally {
            lock.writeLock().unlock();
        }
        LOG.debug("Restored monitor state of {} patients", restored.size());
    }

    private ConcurrentHashMap<String, PatientState> parse(String snapshot) {
        JsonNode root = RomJson.readTree(snapshot, "snapshot");
        if (!root.path("format").asText("").equals(SNAPSHOT_FORMAT)) {
            throw bad("format", "not an OpenROM monitor snapshot (format '" + SNAPSHOT_FORMAT + "' expected)");
        }
        if (root.path("version").asInt(-1) != SNAPSHOT_VERSION) {
            throw bad("version", "snapshot version " + root.path("version") + " is not supported; this OpenROM reads version "
                    + SNAPSHOT_VERSION);
        }
        JsonNode rs = root.path("rules");
        if (!rs.isArray() || rs.size() != rules.size()) {
            throw bad("rules", "the snapshot was taken with " + rs.size() + " rules, this monitor has " + rules.size());
        }
        for (int r = 0; r < rules.size(); r++) {
            String spec = rs.get(r).path("spec").asText("");
            String version = rs.get(r).path("version").asText("");
            if (!spec.equals(rules.get(r).ref().spec()) || !version.equals(rules.get(r).ref().version())) {
                throw bad("rules[" + r + "]", "the snapshot's rule '" + spec + "' v" + version
                        + " differs from this monitor's '" + rules.get(r).ref().spec() + "' v" + rules.get(r).ref().version());
            }
        }
        JsonNode sc = root.path("scales");
        if (!sc.isArray() || sc.size() != scaleIds.size()) {
            throw bad("scales", "scale list does not match this monitor's " + scaleIds);
        }
        for (int i = 0; i < scaleIds.size(); i++) {
            if (!sc.get(i).asText("").equals(scaleIds.get(i))) {
                throw bad("scales[" + i + "]", "expected " + scaleIds.get(i));
            }
        }
        JsonNode ps = root.path("patients");
        if (!ps.isArray()) {
            throw bad("patients", "expected an array");
        }
        ConcurrentHashMap<String, PatientState> out = new ConcurrentHashMap<>();
        for (int i = 0; i < ps.size(); i++) {
            String path = "patients[" + i + "]";
            JsonNode p = ps.get(i);
            String id = p.path("id").isTextual() ? p.path("id").textValue() : null;
            if (id == null || id.isBlank()) {
                throw bad(path + ".id", "expected a patient id");
            }
            PatientState s = new PatientState(this);
            JsonNode last = p.path("lastOccasions");
            if (!last.isArray() || last.size() != scaleIds.size()) {
                throw bad(path + ".lastOccasions", "expected " + scaleIds.size() + " integers");
            }
            for (int k = 0; k < scaleIds.size(); k++) {
                if (!last.get(k).isInt()) {
                    throw bad(path + ".lastOccasions[" + k + "]", "expected an integer");
                }
                s.lastOccasion[k] = last.get(k).intValue();
            }
            JsonNode rn = p.path("rules");
            if (!rn.isArray() || rn.size() != rules.size()) {
                throw bad(path + ".rules", "expected " + rules.size() + " rule states");
            }
            for (int r = 0; r < rules.size(); r++) {
                String rp = path + ".rules[" + r + "]";
                JsonNode o = rn.get(r);
                if (o.has("status")) {
                    try {
                        s.status[r] = TrackStatus.valueOf(o.path("status").asText(""));
                    } catch (IllegalArgumentException e) {
                        throw bad(rp + ".status", "expected one of ON_TRACK, NOT_ON_TRACK, INSUFFICIENT_DATA");
                    }
                }
                JsonNode st = o.path("state");
                if (!st.isArray()) {
                    throw bad(rp + ".state", "expected an array of numbers");
                }
                double[] saved = new double[st.size()];
                for (int k = 0; k < saved.length; k++) {
                    if (!st.get(k).isNumber()) {
                        throw bad(rp + ".state[" + k + "]", "expected a number");
                    }
                    saved[k] = st.get(k).doubleValue();
                }
                try {
                    s.states[r] = rules.get(r).restore(saved);
                } catch (RomException | IllegalArgumentException | IndexOutOfBoundsException e) {
                    throw bad(rp + ".state", "does not fit rule " + rules.get(r).ref().id() + ": " + e.getMessage());
                }
                if (o.has("pending")) {
                    JsonNode pn = o.path("pending");
                    int width = ruleScales[r].length;
                    JsonNode vals = pn.path("values");
                    if (width < 2 || !pn.path("occasion").isInt() || !vals.isArray() || vals.size() != width) {
                        throw bad(rp + ".pending", "expected an occasion and " + width + " values");
                    }
                    Pending pend = s.pending(r, width);
                    pend.reset(pn.path("occasion").intValue());
                    for (int j = 0; j < width; j++) {
                        if (vals.get(j).isNumber()) {
                            pend.values[j] = vals.get(j).doubleValue();
                            pend.have[j] = true;
                        } else if (!vals.get(j).isNull()) {
                            throw bad(rp + ".pending.values[" + j + "]", "expected a number or null");
                        }
                    }
                }
            }
            if (out.put(id, s) != null) {
                throw bad(path + ".id", "patient id appears twice");
            }
        }
        return out;
    }

    private static DataFormatException bad(String path, String message) {
        return new DataFormatException("snapshot", 0, 0, path + ": " + message, null);
    }

    /** Per-patient state: confined by synchronizing on the instance. */
    private static final class PatientState {
        final int[] lastOccasion;
        final TrackState[] states;
        final TrackStatus[] status;
        Pending[] pending;

        PatientState(OutcomeMonitor m) {
            lastOccasion = new int[m.scaleIds.size()];
            Arrays.fill(lastOccasion, -1);
            states = new TrackState[m.rules.size()];
            for (int r = 0; r < states.length; r++) {
                states[r] = m.rules.get(r).start();
            }
            status = new TrackStatus[m.rules.size()];
        }

        Pending pending(int rule, int width) {
            if (pending == null) {
                pending = new Pending[states.length];
            }
            if (pending[rule] == null) {
                pending[rule] = new Pending(width);
            }
            return pending[rule];
        }
    }

    /** Values of a multi-scale rule collected for one occasion until every scale is present. */
    private static final class Pending {
        int occasion = Integer.MIN_VALUE;
        final double[] values;
        final boolean[] have;

        Pending(int width) {
            values = new double[width];
            have = new boolean[width];
        }

        void reset(int occ) {
            occasion = occ;
            Arrays.fill(have, false);
            Arrays.fill(values, 0);
        }

        boolean complete() {
            for (boolean h : have) {
                if (!h) {
                    return false;
                }
            }
            return true;
        }
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
        public Builder environment(RuleEnvironment env) {
            environment = Objects.requireNonNull(env, "environment");
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
