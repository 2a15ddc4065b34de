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
import org.openrom.core.needs.NeedsInput;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.core.track.Finding;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;

/**
 * Builds a {@link NotReport} from a patient's administrations: a pure function of its inputs. Scores are
 * recomputed, every rule is evaluated in batch over the patient's series up to the occasion, and the
 * needs engine reads the same data.
 *
 * <p>Negative responses: for each instrument of the evidence rules' report profile, the items of its
 * latest administration whose scored value lies in the worst {@code worstFraction} of the item's range
 * (the worse end follows the direction of the first scale containing the item; reverse-keyed items are
 * judged after reversal). Life events: the events reported on the last {@value #LIFE_EVENT_WINDOW}
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

    /** @return this, with clinician-recorded needs */
    public NotReportBuilder confirmed(List<ClinicianNeed> c) {
        confirmed = List.copyOf(c);
        return this;
    }

    /**
     * @param patientId the patient
     * @param occasion the occasion to report on
     * @return the report
     * @throws ValidationException when the patient has no administration up to the occasion
     */
    public NotReport build(String patientId, int occasion) {
        List<Administration> mine = administrations.stream()
                .filter(a -> a.patientId().equals(patientId) && a.occasion() <= occasion)
                .sorted(Comparator.comparingInt(Administration::occasion).thenComparing(Administration::instrumentId))
                .toList();
        if (mine.isEmpty()) {
            throw new ValidationException("NOT report", "patientId", patientId,
                    "a patient with administrations up to occasion " + occasion);
        }
        List<Scores> scores = new ArrayList<>();
        for (Administration a : mine) {
            scores.add(instruments.get(a.instrumentId()).score(a));
        }
        Map<String, ScoreSeries> series = seriesByScale(patientId, scores);
        List<Trajectory> trajectories = new ArrayList<>();
        List<TrackAssessment> latest = new ArrayList<>();
        Map<String, TrackStatus> statusByRuleId = new LinkedHashMap<>();
        Set<String> charted = new java.util.HashSet<>();
        for (TrackRule rule : rules) {
            List<ScoreSeries> in = new ArrayList<>();
            for (String s : rule.scales()) {
                in.add(series.getOrDefault(s, ScoreSeries.of(patientId, s, new int[0], new double[0])));
            }
            List<TrackAssessment> as = rule.evaluate(in);
            if (!as.isEmpty()) {
                TrackAssessment last = as.get(as.size() - 1);
                latest.add(last);
                statusByRuleId.merge(rule.ref().id(), last.status(), (a, b) -> a == TrackStatus.NOT_ON_TRACK ? a : b);
            }
            String scale = rule.scales().get(0);
            if (charted.add(scale) && series.containsKey(scale)) {
                trajectories.add(trajectory(instruments.scale(scale), rule, series.get(scale), as));
            }
        }
        TrackStatus overall = latest.stream().anyMatch(TrackAssessment::isNotOnTrack) ? TrackStatus.NOT_ON_TRACK
                : latest.stream().anyMatch(a -> a.status() == TrackStatus.ON_TRACK) ? TrackStatus.ON_TRACK
                : TrackStatus.INSUFFICIENT_DATA;
        List<Finding> reasons = new ArrayList<>();
        for (TrackAssessment a : latest) {
            if (a.isNotOnTrack()) {
                reasons.addAll(a.reasons());
            }
        }
        List<ItemResponse> negative = new ArrayList<>();
        for (String id : needs.rules().negativeResponseInstruments()) {
            latestOf(mine, id).ifPresent(a -> negative.addAll(negativeResponses(instruments.get(id), a,
                    needs.rules().worstFraction())));
        }
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
        List<PatientComment> comments = new ArrayList<>();
        for (Administration a : mine) {
            a.comment().ifPresent(c -> comments.add(new PatientComment(a.instrumentId(), a.occasion(), c)));
        }
        NeedsAssessment na = needs.assess(new NeedsInput(patientId, occasion, mine, scores, statusByRuleId, flags, tags),
                confirmed);
        String group = mine.stream().map(a -> a.groupId().orElse("")).filter(g -> !g.isEmpty()).reduce((a, b) -> b).orElse("");
        return new NotReport(patientId, group, occasion, overall, trajectories, latest, reasons, negative, events, comments, na);
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

    private static Map<String, ScoreSeries> seriesByScale(String patientId, List<Scores> scores) {
        Map<String, TreeMap<Integer, Double>> by = new HashMap<>();
        for (Scores s : scores) {
            for (var sc : s.scores()) {
                sc.value().ifPresent(v -> by.computeIfAbsent(sc.scale(), k -> new TreeMap<>()).put(s.occasion(), v));
            }
        }
        Map<String, ScoreSeries> out = new HashMap<>();
        by.forEach((scale, m) -> out.put(scale, ScoreSeries.of(patientId, scale,
                m.keySet().stream().mapToInt(Integer::intValue).toArray(),
                m.values().stream().mapToDouble(Double::doubleValue).toArray())));
        return out;
    }

    private static Trajectory trajectory(Scale scale, TrackRule rule, ScoreSeries s, List<TrackAssessment> as) {
        Map<Integer, TrackAssessment> byOccasion = new HashMap<>();
        for (TrackAssessment a : as) {
            byOccasion.put(a.occasion(), a);
        }
        List<TrajectoryPoint> points = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            TrackAssessment a = byOccasion.get(s.occasion(i));
            boolean band = a != null && a.details().get("expectedLow") instanceof Double
                    && a.details().get("expectedHigh") instanceof Double;
            points.add(new TrajectoryPoint(s.occasion(i), s.value(i), scale.displayValue(s.value(i)),
                    a == null ? "" : a.status().name(), band, band ? (Double) a.details().get("expectedLow") : 0,
                    band ? (Double) a.details().get("expectedHigh") : 0));
        }
        return new Trajectory(scale.qualifiedId(), scale.label(), scale.direction(), scale.display(), scale.min(),
                scale.max(), scale.cutoff().isPresent(), scale.cutoff().orElse(0), rule.ref().spec(), points);
    }

    /**
     * @param ins the instrument
     * @param a its administration
     * @param worstFraction the worst share of each item's range
     * @return the items answered at the worse end
     */
    static List<ItemResponse> negativeResponses(Instrument ins, Administration a, double worstFraction) {
        List<ItemResponse> out = new ArrayList<>();
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
            if (worse) {
                out.add(new ItemResponse(ins.id(), ins.name(), it.id(), it.topic(), a.occasion(), v, it.scale().min(),
                        it.scale().max()));
            }
        }
        return out;
    }
}
