package org.openrom.core.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.instrument.Scale;
import org.openrom.core.needs.ClinicianNeed;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.core.track.Finding;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;

/**
 * Builds a {@link NotReport}: a pure function of its inputs. From a {@link PatientHistory} and the rules'
 * {@link RuleTrack}s (what {@link org.openrom.core.monitor.OutcomeMonitor#report} passes: nothing is scored or
 * evaluated again), or in batch from administrations, which are scored and evaluated once into the same values.
 * The needs engine reads the same history.
 *
 * <p>Negative responses: for every instrument the patient answered (the evidence rules' report profile first, in its
 * order, then any other, built-in or custom; not the life-events checklist, which has its own section), the items of
 * its latest administration whose scored value lies in the worst {@code worstFraction} of the item's range (the worse
 * end follows the direction of the first scale containing the item; reverse-keyed items are judged after reversal),
 * and every critical item whose answer raised a safety alert. Life events: the events reported on the last {@value #LIFE_EVENT_WINDOW}
 * checklists.
 */
public final class NotReportBuilder {
    /** How many of the latest life-events checklists the report lists events from (the last two weeks). */
    public static final int LIFE_EVENT_WINDOW = 2;

    private final InstrumentRegistry instruments;
    private final List<TrackRule> rules;
    private final NeedsEngine needs;
    private final List<Administration> administrations = new ArrayList<>();
    private Set<String> flags = Set.of();
    private Map<Integer, List<String>> tags = Map.of();
    private List<ClinicianNeed> confirmed = List.of();
    private Map<String, org.openrom.core.safety.Acknowledgement> acknowledgements = Map.of();
    private int alertsOpenFor = Integer.MAX_VALUE;

    /**
     * @param instruments the instruments
     * @param rules the rules whose statuses the report shows
     * @param needs the needs engine
     */
    public NotReportBuilder(InstrumentRegistry instruments, List<TrackRule> rules, NeedsEngine needs) {
        this.instruments = Objects.requireNonNull(instruments, "instruments");
        this.rules = List.copyOf(rules);
        this.needs = Objects.requireNonNull(needs, "needs");
    }

    /** @return this, with the patient's administrations (others' are ignored) */
    public NotReportBuilder administrations(List<Administration> list) {
        administrations.addAll(list);
        return this;
    }

    /** @return this, with clinician flags such as {@code comorbidity} */
    public NotReportBuilder flags(Set<String> f) {
        flags = Set.copyOf(f);
        return this;
    }

    /** @return this, with comment tags (occasion → sub-theme ids) */
    public NotReportBuilder commentTags(Map<Integer, List<String>> t) {
        tags = Map.copyOf(t);
        return this;
    }

    /**
     * @param list clinicians' acknowledgements of the patient's alerts (batch reports; a monitor keeps its own)
     * @return this
     */
    public NotReportBuilder acknowledgements(List<org.openrom.core.safety.Acknowledgement> list) {
        Map<String, org.openrom.core.safety.Acknowledgement> m = new java.util.HashMap<>();
        for (org.openrom.core.safety.Acknowledgement a : list) {
            m.putIfAbsent(a.alertId(), a);
        }
        acknowledgements = Map.copyOf(m);
        return this;
    }

    /**
     * A clinic's choice to show an unacknowledged alert for a stated number of sessions only (default: until a
     * clinician acknowledges it).
     *
     * @param sessions sessions after the alert's own during which it stays open, 0 to 10,000
     * @return this
     */
    public NotReportBuilder alertsOpenFor(int sessions) {
        if (sessions < 0 || sessions > 10_000) {
            throw new ValidationException("NOT report builder", "alertsOpenFor", String.valueOf(sessions),
                    "a number of sessions in 0..10000");
        }
        alertsOpenFor = sessions;
        return this;
    }

    /** @return this, with clinician-recorded needs */
    public NotReportBuilder confirmed(List<ClinicianNeed> c) {
        confirmed = List.copyOf(c);
        return this;
    }

    /**
     * Batch: scores the patient's administrations given to {@link #administrations}, evaluates every rule, and
     * builds the report from that history ({@link #build(PatientHistory, List, int)}).
     *
     * @param patientId the patient
     * @param occasion the occasion to report on
     * @return the report
     * @throws ValidationException when the patient has no administration up to the occasion
     */
    public NotReport build(String patientId, int occasion) {
        Objects.requireNonNull(patientId, "patientId");
        String id = Administration.normalizeId(patientId);
        List<Administration> mine = administrations.stream().filter(a -> a.patientId().equals(id)).toList();
        if (mine.stream().noneMatch(a -> a.occasion() <= occasion)) {
            throw new ValidationException("NOT report", "patientId", patientId,
                    "a patient with administrations up to occasion " + occasion);
        }
        PatientHistory history = PatientHistory.score(id, instruments, mine);
        return build(history, RuleTrack.evaluate(rules, history), occasion);
    }

    /**
     * Builds the report from a patient's history and the rules' assessments of it, as the monitor keeps them:
     * nothing is scored or evaluated again.
     *
     * @param history the patient's history
     * @param tracks one track per rule (the builder's rules are not used here)
     * @param occasion the occasion to report on; later data is ignored
     * @return the report
     * @throws ValidationException when the history has nothing up to the occasion
     */
    public NotReport build(PatientHistory history, List<RuleTrack> tracks, int occasion) {
        Objects.requireNonNull(history, "history");
        List<org.openrom.core.safety.TrackedAlert> kept = new ArrayList<>();
        for (int i = 0; i < history.administrations().size(); i++) {
            for (org.openrom.core.safety.SafetyAlert a : history.scores().get(i).alerts()) {
                kept.add(new org.openrom.core.safety.TrackedAlert(a, java.util.Optional.ofNullable(
                        acknowledgements.get(a.id()))));
            }
        }
        return build(history, tracks, occasion, kept);
    }

    /**
     * Builds the report as {@link #build(PatientHistory, List, int)}, with the alerts a monitor keeps (which outlive
     * its kept history) instead of those of the history.
     *
     * @param history the patient's history
     * @param tracks one track per rule
     * @param occasion the occasion to report on; later data is ignored
     * @param kept the patient's alerts with their acknowledgements
     * @return the report
     * @throws ValidationException when the history has nothing up to the occasion
     */
    public NotReport build(PatientHistory history, List<RuleTrack> tracks, int occasion,
            List<org.openrom.core.safety.TrackedAlert> kept) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(tracks, "tracks");
        Objects.requireNonNull(kept, "kept");
        String patientId = history.patientId();
        PatientHistory h = history.upTo(occasion);
        if (h.isEmpty()) {
            throw new ValidationException("NOT report", "patientId", patientId,
                    "a patient with administrations up to occasion " + occasion);
        }
        // administrations with their scores, by occasion and then instrument
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < h.administrations().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> h.administrations().get(i).occasion())
                .thenComparing(i -> h.administrations().get(i).instrumentId()));
        List<Administration> mine = order.stream().map(h.administrations()::get).toList();
        List<Scores> scores = order.stream().map(h.scores()::get).toList();
        List<Trajectory> trajectories = new ArrayList<>();
        List<TrackAssessment> latest = new ArrayList<>();
        List<RuleStrip> strips = new ArrayList<>();
        Map<String, TrackStatus> statusByRuleId = new LinkedHashMap<>();
        Set<String> charted = new java.util.HashSet<>();
        List<TrackAssessment> statusTrack = null;
        boolean statusTrackNot = false;
        for (RuleTrack track : tracks) {
            TrackRule rule = track.rule();
            List<TrackAssessment> as = track.upTo(occasion).assessments();
            if (!as.isEmpty()) {
                TrackAssessment last = as.get(as.size() - 1);
                latest.add(last);
                statusByRuleId.merge(rule.ref().id(), last.status(), (a, b) -> a == TrackStatus.NOT_ON_TRACK ? a : b);
                // the status rule: the first that is NOT, else the first that has assessed the patient
                if (statusTrack == null || !statusTrackNot && last.isNotOnTrack()) {
                    statusTrack = as;
                    statusTrackNot = last.isNotOnTrack();
                }
            }
            strips.add(new RuleStrip(rule.ref().spec(), rule.ref().id(), as.stream().map(TrackAssessment::occasion).toList(),
                    as.stream().map(TrackAssessment::status).toList()));
            String scale = rule.scales().get(0);
            if (charted.add(scale) && h.series(scale).size() > 0 && instruments.findScale(scale).isPresent()) {
                trajectories.add(trajectory(instruments.scale(scale), rule, h.series(scale), as));
            }
        }
        TrackStatus overall = latest.stream().anyMatch(TrackAssessment::isNotOnTrack) ? TrackStatus.NOT_ON_TRACK
                : latest.stream().anyMatch(a -> a.status() == TrackStatus.ON_TRACK) ? TrackStatus.ON_TRACK
                : TrackStatus.INSUFFICIENT_DATA;
        String statusRule = statusTrack == null ? "" : statusTrack.get(0).rule().spec();
        int consecutive = 0;
        int since = -1;
        if (statusTrack != null) {
            for (int i = statusTrack.size() - 1; i >= 0 && statusTrack.get(i).isNotOnTrack(); i--) {
                consecutive++;
                since = statusTrack.get(i).occasion();
            }
        }
        List<Finding> reasons = reasons(latest);
        List<Integer> missed = missed(h, mine, occasion);
        List<ItemResponse> negative = negativeResponses(mine);
        List<ItemResponse> events = lifeEvents(mine);
        List<PatientComment> comments = new ArrayList<>();
        for (Administration a : mine) {
            a.comment().ifPresent(c -> comments.add(new PatientComment(a.instrumentId(), a.occasion(), c)));
        }
        NeedsAssessment na = needs.assess(h, occasion, statusByRuleId, flags, tags, confirmed);
        String group = mine.stream().map(a -> a.groupId().orElse("")).filter(g -> !g.isEmpty()).reduce((a, b) -> b)
                .orElse(h.groupId().orElse(""));
        List<org.openrom.core.safety.SafetyAlert> alerts = new ArrayList<>();
        List<org.openrom.core.safety.TrackedAlert> acknowledged = new ArrayList<>();
        partition(kept, occasion, alerts, acknowledged);
        return new NotReport(patientId, group, occasion, overall, statusRule, since, consecutive, h.lastOccasion(), missed,
                trajectories, latest, strips, reasons, negative, events, comments, na, alerts, acknowledged);
    }

    /** The reasons of every rule that is NOT at the latest session, each sentence once. */
    private static List<Finding> reasons(List<TrackAssessment> latest) {
        List<Finding> reasons = new ArrayList<>();
        Set<String> said = new java.util.HashSet<>();
        for (TrackAssessment a : latest) {
            if (a.isNotOnTrack()) {
                for (Finding f : a.reasons()) {
                    if (said.add(f.sentence())) {
                        reasons.add(f);
                    }
                }
            }
        }
        return reasons;
    }

    /** The sessions between the first one the patient attended and {@code occasion} with no data at all. */
    private static List<Integer> missed(PatientHistory h, List<Administration> mine, int occasion) {
        java.util.BitSet seen = new java.util.BitSet();
        int firstSeen = Integer.MAX_VALUE;
        for (Administration a : mine) {
            seen.set(a.occasion());
            firstSeen = Math.min(firstSeen, a.occasion());
        }
        for (String scale : h.scales()) {
            ScoreSeries s = h.series(scale);
            for (int i = 0; i < s.size(); i++) {
                seen.set(s.occasion(i));
                firstSeen = Math.min(firstSeen, s.occasion(i));
            }
        }
        List<Integer> missed = new ArrayList<>();
        for (int o = firstSeen; o <= occasion; o++) {
            if (!seen.get(o)) {
                missed.add(o);
            }
        }
        return missed;
    }

    /**
     * The worst answers of the latest administration of every instrument the patient answered: the report profile's
     * instruments first, in its order, then every other one (built-in or custom) as it first appears; the life-events
     * checklist has its own section.
     */
    private List<ItemResponse> negativeResponses(List<Administration> mine) {
        java.util.Set<String> order = new java.util.LinkedHashSet<>(needs.rules().negativeResponseInstruments());
        mine.forEach(a -> order.add(a.instrumentId()));
        order.remove(needs.rules().lifeEventsInstrument());
        List<ItemResponse> negative = new ArrayList<>();
        for (String id : order) {
            instruments.find(id).ifPresent(ins -> latestOf(mine, id).ifPresent(a -> negative.addAll(negativeResponses(ins,
                    a, needs.rules().worstFraction()))));
        }
        return negative;
    }

    /** The life events checked at the highest answer in the latest {@value #LIFE_EVENT_WINDOW} checklists. */
    private List<ItemResponse> lifeEvents(List<Administration> mine) {
        List<ItemResponse> events = new ArrayList<>();
        String le = needs.rules().lifeEventsInstrument();
        if (!le.isEmpty()) {
            Instrument ins = instruments.get(le);
            List<Administration> checklists = mine.stream().filter(a -> a.instrumentId().equals(le)).toList();
            for (Administration a : checklists.subList(Math.max(0, checklists.size() - LIFE_EVENT_WINDOW), checklists.size())) {
                for (Item it : ins.items()) {
                    Integer v = a.answers().get(it.id());
                    if (it.type() == ItemType.ORDINAL && v != null && v == it.scale().max()) {
                        events.add(new ItemResponse(ins.id(), ins.name(), it.id(), it.topic(), a.occasion(), v,
                                it.scale().min(), it.scale().max()));
                    }
                }
            }
        }
        return events;
    }

    /**
     * @param alert an unacknowledged alert
     * @param occasion the occasion a page is about
     * @param openFor the sessions after its own during which an unacknowledged alert stays open
     *     ({@link Integer#MAX_VALUE}: until acknowledged)
     * @return true when the alert is still to act on at the occasion
     */
    public static boolean openAt(org.openrom.core.safety.SafetyAlert alert, int occasion, int openFor) {
        Objects.requireNonNull(alert, "alert");
        return openFor == Integer.MAX_VALUE || alert.occasion() < 0 || (long) alert.occasion() + openFor >= occasion;
    }

    /** Splits the kept alerts up to the occasion into the open ones still to act on and the acknowledged ones. */
    private void partition(List<org.openrom.core.safety.TrackedAlert> kept, int occasion,
            List<org.openrom.core.safety.SafetyAlert> open, List<org.openrom.core.safety.TrackedAlert> acknowledged) {
        for (org.openrom.core.safety.TrackedAlert t : sortedAlerts(kept)) {
            if (t.alert().occasion() > occasion) {
                continue;
            }
            if (!t.isOpen()) {
                acknowledged.add(t);
            } else if (openAt(t.alert(), occasion, alertsOpenFor)) {
                open.add(t.alert());
            }
        }
    }

    /** The alerts by occasion, then instrument and item, each once. */
    private static List<org.openrom.core.safety.TrackedAlert> sortedAlerts(List<org.openrom.core.safety.TrackedAlert> kept) {
        java.util.TreeMap<String, org.openrom.core.safety.TrackedAlert> byId = new java.util.TreeMap<>();
        List<org.openrom.core.safety.TrackedAlert> out = new ArrayList<>();
        for (org.openrom.core.safety.TrackedAlert t : kept) {
            if (byId.putIfAbsent(t.alert().id(), t) == null) {
                out.add(t);
            }
        }
        out.sort(java.util.Comparator.comparingInt((org.openrom.core.safety.TrackedAlert t) -> t.alert().occasion())
                .thenComparing(t -> t.alert().instrumentId()).thenComparing(t -> t.alert().itemId()));
        return out;
    }

    private static java.util.Optional<Administration> latestOf(List<Administration> mine, String instrument) {
        Administration found = null;
        for (Administration a : mine) {
            if (a.instrumentId().equals(instrument)) {
                found = a;
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    private static Trajectory trajectory(Scale scale, TrackRule rule, ScoreSeries s, List<TrackAssessment> as) {
        Map<Integer, TrackAssessment> byOccasion = new HashMap<>();
        for (TrackAssessment a : as) {
            byOccasion.put(a.occasion(), a);
        }
        List<TrajectoryPoint> points = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            TrackAssessment a = byOccasion.get(s.occasion(i));
            java.util.Optional<org.openrom.core.track.ExpectedBand> band = a == null ? java.util.Optional.empty()
                    : a.expectedBand();
            points.add(new TrajectoryPoint(s.occasion(i), s.value(i), scale.displayValue(s.value(i)),
                    a == null ? "" : a.status().name(), band.isPresent(), band.map(b -> b.low()).orElse(0.0),
                    band.map(b -> b.high()).orElse(0.0)));
        }
        return new Trajectory(scale.qualifiedId(), scale.label(), scale.direction(), scale.display(), scale.min(),
                scale.max(), scale.cutoff().isPresent(), scale.cutoff().orElse(0), rule.ref().spec(), points);
    }

    /**
     * @param ins the instrument
     * @param a its administration
     * @param worstFraction the worst share of each item's range
     * @return the items answered at the worse end, and the critical items whose answer raised an alert
     */
    static List<ItemResponse> negativeResponses(Instrument ins, Administration a, double worstFraction) {
        List<ItemResponse> out = new ArrayList<>();
        // a critical item whose answer raised an alert is always listed, wherever in its range the threshold lies
        java.util.Set<String> alerting = new java.util.HashSet<>();
        ins.alerts(a).stream().filter(x -> !x.unanswered()).forEach(x -> alerting.add(x.itemId()));
        for (Item it : ins.items()) {
            Integer v = a.answers().get(it.id());
            if (it.type() != ItemType.ORDINAL || v == null) {
                continue;
            }
            Direction dir = ins.scales().stream().filter(s -> s.itemIds().contains(it.id())).map(Scale::direction)
                    .findFirst().orElse(ins.scales().get(0).direction());
            int scored = it.scoredValue(v);
            double span = it.scale().max() - it.scale().min();
            boolean worse = dir == Direction.LOWER_IS_BETTER ? scored >= it.scale().max() - worstFraction * span
                    : scored <= it.scale().min() + worstFraction * span;
            if (worse || alerting.contains(it.id())) {
                out.add(new ItemResponse(ins.id(), ins.name(), it.id(), it.topic(), a.occasion(), v, it.scale().min(),
                        it.scale().max()));
            }
        }
        return out;
    }
}
