package org.openrom.core.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;

/**
 * The one door: rows from any source, in any order, become per-patient {@link PatientHistory histories}, every
 * {@link SafetyAlert safety alert} and a {@link DataIssue data issue} for each row that could not be used as it came.
 * Every edge (cohort files, FHIR resources, the CDS prefetch, Spark) parses its format into {@link HistoryRow rows}
 * and calls this; the choices that really differ between deployments are named policies:
 * <ul>
 *   <li>{@link Duplicates}: what happens to two records of one instrument (or scale) at one session;</li>
 *   <li>{@link Precedence}: answered questionnaires or stored scores, when both give a scale at one session;</li>
 *   <li>{@link OccasionRule}: how a session is derived for a record that states none.</li>
 * </ul>
 *
 * <p>Safety alerts are decided before anything else can reject a row: from each response's critical items (whatever
 * its other answers, its duplicates or its session) and from what an edge read of a row it could not otherwise use.
 * A row whose session cannot be told still raises its alerts, with occasion -1.
 *
 * <p>Deterministic: the same rows give the same histories, alerts and issues; in another order, the same ones too
 * (issues listed in the new order), except that of two copies recorded at the same instant, or with no instant, the
 * one that arrived last is the later. Immutable and thread-safe.
 */
public final class HistoryAssembler {
    /** Two or more records of one instrument (responses) or one scale (stored scores) at one session of a patient. */
    public enum Duplicates {
        /** All copies are refused ({@link DataIssue.Code#DUPLICATE}); the alerts of every copy are kept. */
        REFUSE,
        /**
         * The latest copy (by its recorded instant, then by arrival) is used and the others are
         * {@link DataIssue.Code#SUPERSEDED}, with their alerts: an amended form replaces the original entirely.
         */
        KEEP_LATEST,
        /**
         * The latest copy's answers and scores are used; the alerts of every copy are kept (the default: a correction
         * must be seen by a clinician before a critical answer disappears).
         */
        KEEP_LATEST_ALERT_ALL
    }

    /** Which wins when a response and a stored score give the same scale at the same session. */
    public enum Precedence {
        /** The answered questionnaire (OpenROM scores it); the stored score is {@link DataIssue.Code#SUPERSEDED}. */
        RESPONSES,
        /** The stored score; the response is {@link DataIssue.Code#SUPERSEDED} (its alerts still count). */
        STORED_SCORES
    }

    private final InstrumentRegistry instruments;
    private final Duplicates duplicates;
    private final Precedence precedence;
    private final OccasionRule occasions;
    private final java.util.function.Function<String, Scale> external;

    private HistoryAssembler(Builder b) {
        this.instruments = b.instruments;
        this.external = b.external;
        this.duplicates = b.duplicates;
        this.precedence = b.precedence;
        this.occasions = b.occasions;
    }

    /**
     * @param instruments the instruments that score the responses
     * @return a builder with the defaults: {@link Duplicates#KEEP_LATEST_ALERT_ALL}, {@link Precedence#RESPONSES},
     *     {@link OccasionRule#stated()}
     */
    public static Builder builder(InstrumentRegistry instruments) {
        return new Builder(Objects.requireNonNull(instruments, "instruments"));
    }

    /** @return the duplicate policy */
    public Duplicates duplicates() {
        return duplicates;
    }

    /** @return the precedence policy */
    public Precedence precedence() {
        return precedence;
    }

    /** @return the occasion rule */
    public OccasionRule occasions() {
        return occasions;
    }

    /**
     * @param rows the rows, of any patients, in any order
     * @return the histories, alerts and issues
     */
    public Assembly assemble(Collection<? extends HistoryRow> rows) {
        Objects.requireNonNull(rows, "rows");
        List<HistoryRow> all = new ArrayList<>(rows.size());
        for (HistoryRow r : rows) {
            all.add(Objects.requireNonNull(r, "rows contains null"));
        }
        Map<String, List<Integer>> byPatient = new TreeMap<>();
        String first = all.isEmpty() ? null : all.get(0).patientId();
        boolean one = true;
        for (int i = 1; i < all.size() && one; i++) {
            one = all.get(i).patientId().equals(first);
        }
        if (one && first != null) {
            // the usual call: one patient's rows (a reader hands over a patient at a time)
            List<Integer> indices = new ArrayList<>(all.size());
            for (int i = 0; i < all.size(); i++) {
                indices.add(i);
            }
            byPatient.put(first, indices);
        } else {
            for (int i = 0; i < all.size(); i++) {
                byPatient.computeIfAbsent(all.get(i).patientId(), k -> new ArrayList<>()).add(i);
            }
        }
        Map<Integer, List<DataIssue>> issues = new TreeMap<>();
        LinkedHashSet<SafetyAlert> alerts = new LinkedHashSet<>();
        Map<String, PatientHistory> histories = new TreeMap<>();
        for (Map.Entry<String, List<Integer>> e : byPatient.entrySet()) {
            PatientHistory h = patient(e.getKey(), e.getValue(), all, issues, alerts);
            if (h != null) {
                histories.put(e.getKey(), h);
            }
        }
        List<DataIssue> flat = new ArrayList<>();
        issues.values().forEach(flat::addAll);
        List<SafetyAlert> sorted = new ArrayList<>(alerts);
        if (sorted.size() > 1) {
            sorted.sort(ALERT_ORDER);
        }
        return new Assembly(histories, sorted, flat);
    }

    /** What duplicates are counted by: a response's instrument or a stored score's scale, and the session. */
    private record Key(boolean response, String id, int occasion) {
    }

    /** Alerts by patient, session, instrument, item and code. */
    private static final Comparator<SafetyAlert> ALERT_ORDER = Comparator.comparing(SafetyAlert::patientId)
            .thenComparingInt(SafetyAlert::occasion).thenComparing(SafetyAlert::instrumentId)
            .thenComparing(SafetyAlert::itemId).thenComparing(SafetyAlert::code);
    /** Of two copies, the later: by the instant recorded, then by arrival. */
    private static final Comparator<Kept> LATER = Comparator.comparing(Kept::recorded).thenComparingInt(Kept::index);
    /** A history's order: by session, a session's administrations (by instrument) before its stored scores (by scale). */
    private static final Comparator<Kept> IN_HISTORY_ORDER = Comparator.comparingInt(Kept::occasion)
            .thenComparingInt(k -> k.administration() == null ? 1 : 0)
            .thenComparing(k -> k.administration() != null ? k.administration().instrumentId()
                    : ((HistoryRow.StoredScore) k.row()).scale());

    /** A usable row with its session: a scored response or a stored score. */
    private record Kept(int index, HistoryRow row, int occasion, Administration administration, Scores scores,
            List<SafetyAlert> alerts) {
        /** One record per instrument (responses) or scale (stored scores) and session. */
        Key key() {
            return row instanceof HistoryRow.StoredScore s ? new Key(false, s.scale(), occasion)
                    : new Key(true, administration.instrumentId(), occasion);
        }

        Instant recorded() {
            return row.when().recorded().orElse(Instant.MIN);
        }
    }

    private PatientHistory patient(String patientId, List<Integer> indices, List<HistoryRow> all,
            Map<Integer, List<DataIssue>> issues, LinkedHashSet<SafetyAlert> alerts) {
        List<OptionalInt> occ = sessions(patientId, indices, all);
        List<Kept> kept = new ArrayList<>();
        for (int k = 0; k < indices.size(); k++) {
            int index = indices.get(k);
            HistoryRow row = all.get(index);
            OptionalInt o = occ.get(k) == null ? OptionalInt.empty() : occ.get(k);
            if (o.isPresent() && o.getAsInt() < 0) {
                o = OptionalInt.empty();
            }
            Kept used = null;
            if (row instanceof HistoryRow.Unusable u) {
                int session = o.orElse(-1);
                for (SafetyAlert a : u.alerts()) {
                    alerts.add(new SafetyAlert(a.patientId(), a.instrumentId(), session, a.date(), a.itemId(), a.value(),
                            a.severity(), a.code()));
                }
                issue(issues, index, DataIssue.of(patientId, u.source(), u.code(), u.field().orElse(null)));
            } else if (row instanceof HistoryRow.Response r) {
                used = response(patientId, index, r, o, issues, alerts);
            } else {
                used = stored(patientId, index, (HistoryRow.StoredScore) row, o, issues);
            }
            if (used != null) {
                kept.add(used);
            }
        }
        List<Kept> used = deduplicate(patientId, kept, issues, alerts);
        if (kept.stream().anyMatch(k -> k.administration() == null)) {
            used = precedence(patientId, used, issues);
        }
        if (used.isEmpty()) {
            return null;
        }
        used.sort(IN_HISTORY_ORDER);
        PatientHistory h = PatientHistory.of(patientId);
        for (Kept k : used) {
            if (k.administration() != null) {
                h = h.append(k.administration(), k.scores());
            } else {
                HistoryRow.StoredScore s = (HistoryRow.StoredScore) k.row();
                h = h.appendScore(s.scale(), k.occasion(), s.value());
            }
        }
        return h;
    }

    /** The session of each of a patient's rows, as the occasion rule assigns them. */
    private List<OptionalInt> sessions(String patientId, List<Integer> indices, List<HistoryRow> all) {
        List<HistoryRow.When> whens = new ArrayList<>(indices.size());
        for (int i : indices) {
            whens.add(all.get(i).when());
        }
        List<OptionalInt> occ = occasions.assign(patientId, whens);
        if (occ == null || occ.size() != whens.size()) {
            throw new IllegalStateException("occasion rule " + occasions + " gave " + (occ == null ? "null" : occ.size())
                    + " sessions for " + whens.size() + " rows");
        }
        return occ;
    }

    /** A response, scored at its session; null (with an issue, and its alerts kept) when it cannot be used. */
    private Kept response(String patientId, int index, HistoryRow.Response r, OptionalInt o,
            Map<Integer, List<DataIssue>> issues, LinkedHashSet<SafetyAlert> alerts) {
        int session = o.orElse(-1);
        Optional<Instrument> ins = instruments.find(r.administration().instrumentId());
        if (ins.isEmpty()) {
            issue(issues, index, DataIssue.of(patientId, r.source(), DataIssue.Code.INVALID, "instrumentId"));
            return null;
        }
        Administration a = r.administration();
        if (a.occasion() != Math.max(session, 0)) {
            a = withOccasion(a, Math.max(session, 0));
        }
        if (o.isEmpty()) {
            for (SafetyAlert x : ins.get().alerts(a)) {
                alerts.add(new SafetyAlert(x.patientId(), x.instrumentId(), -1, x.date(), x.itemId(), x.value(),
                        x.severity(), x.code()));
            }
            issue(issues, index, DataIssue.of(patientId, r.source(), DataIssue.Code.NO_OCCASION, "occasion"));
            return null;
        }
        Scores s;
        try {
            // scoring raises the alerts with the scores (Instrument.score), and a rejection carries them
            s = ins.get().score(a);
        } catch (ValidationException invalid) {
            alerts.addAll(invalid instanceof org.openrom.core.safety.RejectedAdministrationException rejected
                    ? rejected.alerts() : ins.get().alerts(a));
            issue(issues, index, DataIssue.of(patientId, r.source(), DataIssue.Code.INVALID,
                    invalid.violations().isEmpty() ? null : invalid.violations().get(0).path()));
            return null;
        }
        return new Kept(index, r, session, a, s, s.alerts());
    }

    /** A stored score at its session; null (with an issue) when it cannot be used. */
    private Kept stored(String patientId, int index, HistoryRow.StoredScore s, OptionalInt o,
            Map<Integer, List<DataIssue>> issues) {
        int session = o.orElse(-1);
        if (o.isEmpty()) {
            issue(issues, index, DataIssue.of(patientId, s.source(), DataIssue.Code.NO_OCCASION, "occasion"));
            return null;
        }
        Optional<Scale> scale = scale(s.scale());
        if (scale.isEmpty()) {
            issue(issues, index, DataIssue.of(patientId, s.source(), DataIssue.Code.INVALID, "scale"));
            return null;
        }
        if (!(s.value() >= scale.get().min() && s.value() <= scale.get().max())) {
            issue(issues, index, DataIssue.of(patientId, s.source(), DataIssue.Code.INVALID, "value"));
            return null;
        }
        return new Kept(index, s, session, null, null, List.of());
    }

    /**
     * One record per instrument (or scale) and session: the first of each key; the copies of a key (rare) are
     * decided by the duplicates policy, every copy's alerts kept unless the policy is {@code KEEP_LATEST}.
     */
    private List<Kept> deduplicate(String patientId, List<Kept> kept, Map<Integer, List<DataIssue>> issues,
            LinkedHashSet<SafetyAlert> alerts) {
        // duplicates: one record per instrument (or scale) and session
        // the first record of each key; the keys with copies (rare) listed apart
        Map<Key, Kept> firstOf = new HashMap<>(kept.size() * 2);
        Map<Key, List<Kept>> copiesOf = null;
        for (Kept k : kept) {
            Key key = k.key();
            Kept earlier = firstOf.putIfAbsent(key, k);
            if (earlier != null) {
                if (copiesOf == null) {
                    copiesOf = new LinkedHashMap<>();
                }
                copiesOf.computeIfAbsent(key, x -> new ArrayList<>(List.of(earlier))).add(k);
            }
        }
        List<Kept> used = new ArrayList<>(kept.size());
        for (Kept k : kept) {
            if (firstOf.get(k.key()) == k && (copiesOf == null || !copiesOf.containsKey(k.key()))) {
                alerts.addAll(k.alerts());
                used.add(k);
            }
        }
        for (List<Kept> copies : copiesOf == null ? List.<List<Kept>>of() : copiesOf.values()) {
            copies.sort(LATER);
            Kept latest = copies.get(copies.size() - 1);
            for (Kept c : copies) {
                boolean keepAlerts = duplicates != Duplicates.KEEP_LATEST || c == latest;
                if (keepAlerts) {
                    alerts.addAll(c.alerts());
                }
                if (copies.size() > 1 && duplicates == Duplicates.REFUSE) {
                    issue(issues, c.index(), DataIssue.of(patientId, c.row().source(), DataIssue.Code.DUPLICATE, "occasion"));
                } else if (c != latest) {
                    issue(issues, c.index(), DataIssue.of(patientId, c.row().source(), DataIssue.Code.SUPERSEDED, "occasion"));
                }
            }
            if (copies.size() == 1 || duplicates != Duplicates.REFUSE) {
                used.add(latest);
            }
        }
        return used;
    }

    /** A response and a stored score of one scale at one session: the policy's choice is used, the other counted. */
    private List<Kept> precedence(String patientId, List<Kept> used, Map<Integer, List<DataIssue>> issues) {
        Map<String, Kept> responseAt = new HashMap<>();
        Map<String, List<Kept>> storedAt = new HashMap<>();
        for (Kept k : used) {
            if (k.administration() != null) {
                responseAt.put(k.administration().instrumentId() + "@" + k.occasion(), k);
            } else {
                String scale = ((HistoryRow.StoredScore) k.row()).scale();
                storedAt.computeIfAbsent(instrumentOf(scale) + "@" + k.occasion(), x -> new ArrayList<>()).add(k);
            }
        }
        List<Kept> losers = new ArrayList<>();
        for (Map.Entry<String, List<Kept>> e : storedAt.entrySet()) {
            Kept response = responseAt.get(e.getKey());
            if (response == null) {
                continue;
            }
            if (precedence == Precedence.RESPONSES) {
                losers.addAll(e.getValue());
            } else {
                losers.add(response);
            }
        }
        for (Kept l : losers) {
            issue(issues, l.index(), DataIssue.of(patientId, l.row().source(), DataIssue.Code.SUPERSEDED,
                    l.administration() != null ? "instrumentId" : "scale"));
        }
        List<Kept> out = new ArrayList<>(used);
        out.removeAll(losers);
        return out;
    }

    private Optional<Scale> scale(String qualified) {
        int dot = qualified.indexOf('.');
        Optional<Scale> installed = dot <= 0 ? Optional.empty()
                : instruments.find(qualified.substring(0, dot)).flatMap(i -> i.scale(qualified));
        return installed.isPresent() ? installed : Optional.ofNullable(external.apply(qualified));
    }

    private static String instrumentOf(String scale) {
        int dot = scale.indexOf('.');
        return dot > 0 ? scale.substring(0, dot) : scale;
    }

    private static Administration withOccasion(Administration a, int occasion) {
        return new Administration(a.patientId(), a.instrumentId(), occasion, a.date(), a.groupId(), a.answers(), a.texts(),
                a.comment());
    }

    private static void issue(Map<Integer, List<DataIssue>> issues, int index, DataIssue issue) {
        issues.computeIfAbsent(index, k -> new ArrayList<>()).add(issue);
    }

    @Override
    public String toString() {
        return "HistoryAssembler[duplicates=" + duplicates + ", precedence=" + precedence + ", occasions=" + occasions + "]";
    }

    /** Configures an assembler. */
    public static final class Builder {
        private final InstrumentRegistry instruments;
        private Duplicates duplicates = Duplicates.KEEP_LATEST_ALERT_ALL;
        private Precedence precedence = Precedence.RESPONSES;
        private OccasionRule occasions = OccasionRule.stated();
        private java.util.function.Function<String, Scale> external = id -> null;

        private Builder(InstrumentRegistry instruments) {
            this.instruments = instruments;
        }

        /**
         * @param scales the scales of score-level data that no installed instrument provides (an external measure such
         *     as {@code hamd}), by id: a function, so that a reader can add the ones it meets; null for an unknown id
         * @return this
         */
        public Builder externalScales(java.util.function.Function<String, Scale> scales) {
            this.external = Objects.requireNonNull(scales, "scales");
            return this;
        }

        /** @return this, with the duplicate policy */
        public Builder duplicates(Duplicates policy) {
            this.duplicates = Objects.requireNonNull(policy, "duplicates");
            return this;
        }

        /** @return this, with the precedence policy */
        public Builder precedence(Precedence policy) {
            this.precedence = Objects.requireNonNull(policy, "precedence");
            return this;
        }

        /** @return this, with the occasion rule */
        public Builder occasions(OccasionRule rule) {
            this.occasions = Objects.requireNonNull(rule, "occasions");
            return this;
        }

        /** @return the assembler */
        public HistoryAssembler build() {
            return new HistoryAssembler(this);
        }
    }
}
