package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;

/**
 * Rules judged against end-of-treatment outcomes on a cohort, honestly: with a {@link HoldOut}, every evaluated patient
 * is judged by rules fitted without that patient's fold (a split's training part, or the other folds of a k-fold
 * cross-validation), so that a rule fitted from data (an expected-response curve, percentile boundaries) is never
 * scored on the patients it was fitted to. One {@link RuleComparison} per outcome, and optionally the ROC of a
 * continuous index ({@link IndexRoc}).
 *
 * <p>Two passes over the cohort when there is a hold-out, one otherwise: {@link #train} every patient, {@link #fit},
 * then {@link #evaluate} every patient. Not thread-safe; one evaluation per run.
 *
 * <pre>{@code
 * OutcomeEvaluation e = new OutcomeEvaluation(references -> fitRules(specs, references), Map.of(),
 *         Optional.of(HoldOut.kFold(HoldOut.Unit.PATIENT, 5, 1)), outcomes, Optional.empty());
 * cohort.forEach(e::train);
 * e.fit();
 * cohort.forEach(e::evaluate);
 * e.comparisons().get(0).results();
 * }</pre>
 */
public final class OutcomeEvaluation {
    /** The name under which a fold's training patients are offered to the rules as a reference cohort. */
    public static final String TRAINING = "training";

    /**
     * The ROC of the first rule's continuous index.
     *
     * @param detail the assessment detail that holds the index (e.g. {@code rci})
     * @param higherIsWorse whether higher values mean a worse course
     */
    public record IndexSpec(String detail, boolean higherIsWorse) {
        /** Validates the detail's name. */
        public IndexSpec {
            if (detail == null || detail.isBlank() || detail.contains(":")) {
                throw new ValidationException("outcome evaluation", "index detail", String.valueOf(detail),
                        "the name of a numeric assessment detail of the first rule");
            }
        }
    }

    private final Function<Map<String, List<ScoreSeries>>, List<TrackRule>> fitter;
    private final Map<String, List<ScoreSeries>> references;
    private final HoldOut holdOut;
    private final List<Outcome> outcomes;
    private final Optional<IndexSpec> index;
    private final List<List<ScoreSeries>> foldSeries = new ArrayList<>();
    /** Per evaluated fold, the rules fitted without it (one entry, fold 0, without a hold-out). */
    private final Map<Integer, List<TrackRule>> byFold = new TreeMap<>();
    private final List<RuleComparison> comparisons = new ArrayList<>();
    private final List<Map<String, Integer>> leftOut = new ArrayList<>();
    /** Per outcome: patients the other pairing of a Talking Therapies outcome judges otherwise, and its other judgements. */
    private final List<int[]> pairingMoves = new ArrayList<>();
    private final List<IndexRoc> rocs = new ArrayList<>();
    private final List<SessionPrediction> predictions = new ArrayList<>();
    /** The session, folds and seed of {@link #predictAt}; session 0 when not asked for. */
    private int predictSession;
    private int predictFolds;
    private long predictSeed;
    private int trainingPatients;
    private int evaluatedPatients;

    /**
     * @param fitter makes the rules from reference cohorts by name; with a hold-out it also receives the fold's
     *     training patients' series under {@value #TRAINING}
     * @param references the reference cohorts the rules may name, besides {@value #TRAINING}
     * @param holdOut how patients are held out, or empty to judge every patient by rules fitted on the references only
     * @param outcomes the outcomes, one comparison each; at least one
     * @param index the ROC of the first rule's continuous index, or empty
     * @throws ValidationException when there is no outcome, or a hold-out is asked for while the references already
     *     name a cohort {@value #TRAINING}
     */
    public OutcomeEvaluation(Function<Map<String, List<ScoreSeries>>, List<TrackRule>> fitter,
            Map<String, List<ScoreSeries>> references, Optional<HoldOut> holdOut, List<Outcome> outcomes,
            Optional<IndexSpec> index) {
        this.fitter = Objects.requireNonNull(fitter, "fitter");
        this.references = Map.copyOf(Objects.requireNonNull(references, "references"));
        this.holdOut = Objects.requireNonNull(holdOut, "holdOut").orElse(null);
        this.outcomes = List.copyOf(Objects.requireNonNull(outcomes, "outcomes"));
        this.index = Objects.requireNonNull(index, "index");
        if (this.outcomes.isEmpty()) {
            throw new ValidationException("outcome evaluation", "outcomes", "none", "at least one outcome");
        }
        if (this.holdOut != null && this.references.containsKey(TRAINING)) {
            throw new ValidationException("outcome evaluation", "references", TRAINING,
                    "no reference cohort named " + TRAINING + " beside a hold-out (its training part has that name)");
        }
        for (int f = 0; this.holdOut != null && f < this.holdOut.folds(); f++) {
            foldSeries.add(new ArrayList<>());
        }
    }

    /**
     * Also judges early warning at a fixed session ({@link SessionPrediction}): each rule's flags by that session, and a
     * cross-fitted logistic baseline, per outcome that reads one scale. Call before {@link #fit}.
     *
     * @param session K (&ge; 1)
     * @param folds the folds of the logistic model's cross-fitting (2 to 20)
     * @param seed the seed of its shuffle
     * @return this
     */
    public OutcomeEvaluation predictAt(int session, int folds, long seed) {
        if (!byFold.isEmpty()) {
            throw new IllegalStateException("predictAt comes before fit");
        }
        new SessionPrediction(session, 0, folds, seed); // validates
        predictSession = session;
        predictFolds = folds;
        predictSeed = seed;
        return this;
    }

    /** @return per outcome, the prediction at the session of {@link #predictAt} (null for an outcome of two scales) */
    public List<SessionPrediction.Result> predictions() {
        return predictions.stream().map(x -> x == null ? null : x.result()).toList();
    }

    /** @return whether {@link #train} must see the cohort before {@link #fit} (there is a hold-out) */
    public boolean needsTraining() {
        return holdOut != null;
    }

    /**
     * The first pass: puts a patient's series into the patient's fold. Does nothing without a hold-out.
     *
     * @param patient a patient of the cohort
     * @throws IllegalStateException after {@link #fit}
     */
    public void train(PatientHistory patient) {
        Objects.requireNonNull(patient, "patient");
        if (!byFold.isEmpty()) {
            throw new IllegalStateException("train comes before fit");
        }
        if (holdOut != null) {
            List<ScoreSeries> fold = foldSeries.get(holdOut.fold(patient));
            patient.scales().forEach(sc -> fold.add(patient.series(sc)));
        }
    }

    /**
     * Fits the rules: once on the references without a hold-out, else once per evaluated fold, each time with the
     * training folds' series as {@value #TRAINING}.
     *
     * @throws IllegalStateException when called twice
     */
    public void fit() {
        if (!byFold.isEmpty()) {
            throw new IllegalStateException("fit is called once");
        }
        if (holdOut == null) {
            byFold.put(0, List.copyOf(fitter.apply(references)));
        } else {
            for (int f : holdOut.evaluatedFolds()) {
                List<ScoreSeries> train = new ArrayList<>();
                for (int g = 0; g < holdOut.folds(); g++) {
                    if (holdOut.trains(f, g)) {
                        train.addAll(foldSeries.get(g));
                    }
                }
                Map<String, List<ScoreSeries>> withTraining = new TreeMap<>(references);
                withTraining.put(TRAINING, train);
                byFold.put(f, List.copyOf(fitter.apply(withTraining)));
            }
        }
        List<TrackRule> first = rules();
        for (int i = 0; i < outcomes.size(); i++) {
            comparisons.add(new RuleComparison(first));
            leftOut.add(new TreeMap<>());
            pairingMoves.add(new int[2]);
            index.ifPresent(x -> rocs.add(new IndexRoc(first.get(0).ref().spec(), x.detail(), x.higherIsWorse())));
            if (predictSession > 0) {
                predictions.add(outcomes.get(i).scales().size() == 1
                        ? new SessionPrediction(predictSession, first.size(), predictFolds, predictSeed) : null);
            }
        }
    }

    /**
     * The second pass: judges a patient by the rules fitted without the patient's fold, against every outcome. A
     * patient in a split's training part is counted and not judged; a patient an outcome cannot judge is counted
     * under the reason.
     *
     * @param patient a patient of the cohort
     * @return whether the patient was evaluated (false in a split's training part)
     * @throws IllegalStateException before {@link #fit}
     */
    public boolean evaluate(PatientHistory patient) {
        Objects.requireNonNull(patient, "patient");
        if (byFold.isEmpty()) {
            throw new IllegalStateException("evaluate comes after fit");
        }
        List<TrackRule> fitted = holdOut == null ? byFold.get(0) : byFold.get(holdOut.fold(patient));
        if (fitted == null) {
            trainingPatients++;
            return false;
        }
        evaluatedPatients++;
        List<List<TrackAssessment>> as = null;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome.Judgement j = outcomes.get(i).judge(patient);
            Optional<Outcome> other = outcomes.get(i).otherPairing();
            if (other.isPresent()) {
                Outcome.Judgement o = other.get().judge(patient);
                pairingMoves.get(i)[0] += o.counted() != j.counted() || o.poor() != j.poor() ? 1 : 0;
                pairingMoves.get(i)[1] += o.counted() != j.counted() ? 1 : 0;
            }
            if (!j.counted()) {
                leftOut.get(i).merge(j.exclusion(), 1, Integer::sum);
                continue;
            }
            if (as == null) {
                as = new ArrayList<>();
                for (RuleTrack t : RuleTrack.evaluate(fitted, patient)) {
                    as.add(t.assessments());
                }
            }
            comparisons.get(i).add(patient.groupId().orElse(null), j.poor(), j.lastOccasion(), as);
            if (!rocs.isEmpty()) {
                rocs.get(i).add(j.poor(), j.lastOccasion(), as.get(0));
            }
            if (!predictions.isEmpty() && predictions.get(i) != null) {
                predictions.get(i).add(j.poor(), j.lastOccasion(),
                        patient.series(outcomes.get(i).scales().get(0)), as);
            }
        }
        return true;
    }

    /** @return the rules of the first evaluated fold (all folds hold the same specs); after {@link #fit} */
    public List<TrackRule> rules() {
        if (byFold.isEmpty()) {
            throw new IllegalStateException("the rules exist after fit");
        }
        return byFold.values().iterator().next();
    }

    /** @return the hold-out, if any */
    public Optional<HoldOut> holdOut() {
        return Optional.ofNullable(holdOut);
    }

    /** @return the outcomes, in the order of {@link #comparisons()} */
    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** @return one comparison per outcome */
    public List<RuleComparison> comparisons() {
        return List.copyOf(comparisons);
    }

    /**
     * @param outcome the outcome's position
     * @return the patients that outcome could not judge, by reason
     */
    public Map<String, Integer> leftOut(int outcome) {
        return Map.copyOf(leftOut.get(outcome));
    }

    /**
     * How much a Talking Therapies outcome's reading of "first and last" matters on this cohort
     * ({@link Outcome#otherPairing}).
     *
     * @param outcome the outcome's position
     * @return the evaluated patients the other pairing judges otherwise (poor or not, or with an outcome or not) and,
     *     among them, those it gives or takes an outcome; empty for an outcome that is not a Talking Therapies one
     */
    public Optional<int[]> pairingMoves(int outcome) {
        return outcomes.get(outcome).otherPairing().map(o -> pairingMoves.get(outcome).clone());
    }

    /** @return one index ROC per outcome, when asked for */
    public List<IndexRoc.Result> indexRocs() {
        return rocs.stream().map(IndexRoc::result).toList();
    }

    /** @return the patients of a split's training part: fitted on, never evaluated */
    public int trainingPatients() {
        return trainingPatients;
    }

    /** @return the patients evaluated */
    public int evaluatedPatients() {
        return evaluatedPatients;
    }
}
