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
 * @param groupSd SD of the group random effect, in ODSIS points of improvement by the last session (0: none)
 * @param therapistSd SD of the therapist random effect, in the same unit (0: none)
 * @param groupsPerTherapist consecutive groups led by one therapist (1 or more)
 * @param baselineMean mean baseline ODSIS (the study-like model: 13)
 * @param baselineSd SD of the baseline ODSIS (2.5); baselines are kept within 8 and {@code baselineMean + 5} (at most 20)
 * @param changeScale multiplies every class's expected change from baseline (1: the amplitudes of the class model)
 */
public record CohortModel(int groups, int patientsPerGroup, int sessions, double earlyShare, double slowShare,
        double nonShare, double dropoutRate, double commentRate, long seed, double groupSd, double therapistSd,
        int groupsPerTherapist, double baselineMean, double baselineSd, double changeScale) {

    /**
     * A model without random effects: groups and therapists do not differ.
     *
     * @param groups number of therapy groups
     * @param patientsPerGroup patients per group
     * @param sessions weekly sessions after the baseline
     * @param earlyShare share of early responders
     * @param slowShare share of slow responders
     * @param nonShare share of non-responders
     * @param dropoutRate share of drop-outs
     * @param commentRate probability of an ODSIS comment
     * @param seed the random seed
     */
    public CohortModel(int groups, int patientsPerGroup, int sessions, double earlyShare, double slowShare,
            double nonShare, double dropoutRate, double commentRate, long seed) {
        this(groups, patientsPerGroup, sessions, earlyShare, slowShare, nonShare, dropoutRate, commentRate, seed, 0, 0, 1,
                13, 2.5, 1);
    }

    /** Validates. */
    public CohortModel {
        if (!(baselineMean >= 8 && baselineMean <= 18) || !(baselineSd >= 0 && baselineSd <= 10)
                || !(changeScale > 0 && changeScale <= 3)) {
            throw new ValidationException("cohort model", "baselineMean/baselineSd/changeScale",
                    baselineMean + "/" + baselineSd + "/" + changeScale, "a mean in 8..18, an SD in 0..10 and a scale in (0, 3]");
        }
        if (!(groupSd >= 0) || !(therapistSd >= 0) || groupSd > 10 || therapistSd > 10 || groupsPerTherapist < 1) {
            throw new ValidationException("cohort model", "groupSd/therapistSd/groupsPerTherapist",
                    groupSd + "/" + therapistSd + "/" + groupsPerTherapist, "SDs in [0, 10] and at least 1 group per therapist");
        }
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
     * The model calibrated to published rates of psychotherapy for depression, with group and therapist random
     * effects so that clustered analyses have something to find (docs/synthetic-cohort.md; the calibration is
     * checked by a test): at the last observation about 41% respond (≥ 50% reduction) and 26–34% recover, reliable
     * deterioration is just under 5% (Cuijpers et al. 2021, Acta Psychiatr Scand), and 25% drop out, as in the group
     * CBT setting of Gryesten et al. 2024. Shares: 33% early, 30% slow, 32% non-responders, 5% deteriorators; baseline
     * ODSIS N(17, 2.5) within 8–20 (a more severe intake, so that responding and recovering differ); class changes
     * × 1.6; group SD 1.8 and therapist SD 1.2 ODSIS points of improvement, 4 groups per therapist (an intraclass
     * correlation of the change of 0.07–0.10).
     *
     * @param groups number of groups
     * @param seed the seed
     * @return the model
     */
    public static CohortModel calibrated(int groups, long seed) {
        return new CohortModel(groups, 8, 14, 0.33, 0.30, 0.32, 0.25, 0.12, seed, 1.8, 1.2, 4, 17, 2.5, 1.6);
    }

    /**
     * @param seed another seed
     * @return this model with that seed
     */
    public CohortModel withSeed(long seed) {
        return new CohortModel(groups, patientsPerGroup, sessions, earlyShare, slowShare, nonShare, dropoutRate, commentRate,
                seed, groupSd, therapistSd, groupsPerTherapist, baselineMean, baselineSd, changeScale);
    }

    /**
     * @param groups another number of groups
     * @return this model with that many groups
     */
    public CohortModel withGroups(int groups) {
        return new CohortModel(groups, patientsPerGroup, sessions, earlyShare, slowShare, nonShare, dropoutRate, commentRate,
                seed, groupSd, therapistSd, groupsPerTherapist, baselineMean, baselineSd, changeScale);
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
