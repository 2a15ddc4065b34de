package org.openrom.rules.research;

import org.openrom.core.ValidationException;

/**
 * Parameters of the synthetic group-CBT cohort (see {@link SyntheticCohort} for the model).
 *
 * @param groups number of therapy groups
 * @param patientsPerGroup patients per group (the study: 8)
 * @param sessions weekly sessions after the baseline (the study: 14)
 * @param earlyShare share of early responders
 * @param slowShare share of slow responders
 * @param nonShare share of non-responders (deteriorators take the rest)
 * @param dropoutRate share of patients who drop out (the study: about 25%)
 * @param commentRate probability that an ODSIS administration carries a comment
 * @param seed the random seed: the same parameters give the same cohort
 */
public record CohortModel(int groups, int patientsPerGroup, int sessions, double earlyShare, double slowShare,
        double nonShare, double dropoutRate, double commentRate, long seed) {

    /** Validates. */
    public CohortModel {
        if (groups < 1 || patientsPerGroup < 1 || sessions < 2 || sessions > 200) {
            throw new ValidationException("cohort model", "groups/patientsPerGroup/sessions",
                    groups + "/" + patientsPerGroup + "/" + sessions, "at least 1 group of 1 patient and 2..200 sessions");
        }
        double rest = 1 - earlyShare - slowShare - nonShare;
        if (earlyShare < 0 || slowShare < 0 || nonShare < 0 || rest < -1e-9) {
            throw new ValidationException("cohort model", "shares", earlyShare + "+" + slowShare + "+" + nonShare,
                    "non-negative shares summing to at most 1");
        }
        if (dropoutRate < 0 || dropoutRate > 1 || commentRate < 0 || commentRate > 1) {
            throw new ValidationException("cohort model", "rates", dropoutRate + "/" + commentRate, "probabilities in [0, 1]");
        }
    }

    /**
     * The study-like defaults: 8 patients per group, 14 sessions, 30% early, 30% slow, 25% non-responders,
     * 15% deteriorators, 25% drop-out, 12% of ODSIS administrations with a comment.
     *
     * @param groups number of groups
     * @param seed the seed
     * @return the model
     */
    public static CohortModel study(int groups, long seed) {
        return new CohortModel(groups, 8, 14, 0.30, 0.30, 0.25, 0.25, 0.12, seed);
    }

    /**
     * @param patients the number of patients (groups of 8; the last group may be smaller is not modelled: rounds up)
     * @param seed the seed
     * @return the study-like model with enough groups for that many patients
     */
    public static CohortModel forPatients(int patients, long seed) {
        if (patients < 1) {
            throw new IllegalArgumentException("patients: expected at least 1, got " + patients);
        }
        return study((int) ((patients + 7L) / 8), seed);
    }
}
