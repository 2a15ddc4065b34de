package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.openrom.core.score.Administration;

/**
 * A deterministic synthetic cohort shaped like the group-CBT study (Gryesten et al. 2024), for demos, examples,
 * benchmarks and rule comparisons. Not real patients; every text is invented.
 *
 * <p>The model, per patient (all draws from a {@link SplittableRandom} seeded by the model seed and the
 * patient's index, so a patient does not depend on the others):
 * <ul>
 * <li><b>Class</b> by the model's shares. <b>Baseline ODSIS</b> ~ N(13, 2.5), rounded, within 8–18.</li>
 * <li><b>Expected ODSIS</b> at session s (1..S): early responders {@code b − 7·(1 − e^(−s/2))}; slow
 * responders {@code b − 6·s/S}; non-responders {@code b}; deteriorators {@code b + 4·s/S}. Observed = expected
 * + N(0, 1.5) + 2 in the week after a reported life event, rounded and kept within 0–20; the five item
 * answers (0–4) are spread as evenly as possible with the remainder on random items.</li>
 * <li><b>Life events</b>: each of the six items is reported with probability 0.05 (responders) or 0.10
 * (non-responders, deteriorators) per week.</li>
 * <li><b>Homework</b> (sessions 1..S): N(μ, 0.8), μ = 3.0 / 2.6 / 1.4 / 1.2 by class, within 0–4.</li>
 * <li><b>GQ-12</b> after each session: item = N(μ, 0.7) within 1–7; bonding and working μ = 5.6 / 5.2 / 3.9 /
 * 3.6 by class, negative relationship μ = 2.0 / 2.3 / 3.4 / 3.8.</li>
 * <li><b>PSYCHLOPS</b>: the full form (q1b, q2b, q3b, q4) at baseline and at the end, the two weekly items
 * q1b and q4 otherwise; ratings track ODSIS/4 with noise; one slow responder in five keeps the
 * problem rating high while ODSIS improves.</li>
 * <li><b>Drop-out</b> with probability {@code dropoutRate × (0.6, 0.8, 1.4, 1.6 by class)} at a session uniform in
 * 3..S−2; no data after it.</li>
 * <li><b>Comments</b> on ODSIS with probability {@code commentRate}, drawn from a small invented list.</li>
 * <li><b>Random effects</b>: each group draws {@code u_g ~ N(0, groupSd)} and each therapist (who leads
 * {@code groupsPerTherapist} consecutive groups) {@code v_t ~ N(0, therapistSd)}, from streams of their own (seed and
 * index); every member's expected ODSIS at session s is lowered by {@code (u_g + v_t)·s/S}: a better group or
 * therapist means more improvement by the end. Patients stay independent given their group and therapist.</li>
 * </ul>
 * Administrations are returned sorted by group, patient, occasion and instrument.
 */
public final class SyntheticCohort {
    private static final String[] GOOD = {"A better week.", "Went for a walk most days.", "The exercises helped a little.",
        "Slept better this week."};
    private static final String[] HARD = {"Hard week.", "Tired all the time.", "Conflict at work.",
        "Did not feel like coming today.", "Too much going on at home."};
    private static final String[] EVENTS = {"finances", "job", "family", "housing", "relationship", "life-situation"};

    private final List<Administration> administrations;
    private final List<PatientTruth> truth;

    private SyntheticCohort(List<Administration> administrations, List<PatientTruth> truth) {
        this.administrations = List.copyOf(administrations);
        this.truth = List.copyOf(truth);
    }

    /**
     * @param model the parameters
     * @return the cohort
     */
    public static SyntheticCohort generate(CohortModel model) {
        java.util.Objects.requireNonNull(model, "model");
        return generate(model, 1, model.groups());
    }

    /**
     * Generates some groups of a cohort only: exactly the administrations and truths that {@link #generate}
     * gives for groups {@code first .. first + count − 1} (every patient draws from its own random stream),
     * so a large cohort can be written group range by group range in bounded memory.
     *
     * @param model the parameters
     * @param first the first group, from 1
     * @param count how many groups
     * @return those groups
     * @throws IllegalArgumentException when the range is not within {@code 1..model.groups()}
     */
    public static SyntheticCohort generate(CohortModel model, int first, int count) {
        java.util.Objects.requireNonNull(model, "model");
        if (first < 1 || count < 0 || (long) first + count - 1 > model.groups()) {
            throw new IllegalArgumentException("groups " + first + ".." + ((long) first + count - 1)
                    + " are not within 1.." + model.groups());
        }
        List<Administration> out = new ArrayList<>();
        List<PatientTruth> truth = new ArrayList<>();
        for (int g = first; g < first + count; g++) {
            String group = String.format("g%03d", g);
            int therapist = (g - 1) / model.groupsPerTherapist();
            double effect = effect(model, 1, g - 1, model.groupSd()) + effect(model, 2, therapist, model.therapistSd());
            for (int p = 1; p <= model.patientsPerGroup(); p++) {
                String id = group + "-p" + p;
                int index = (g - 1) * model.patientsPerGroup() + p - 1;
                truth.add(patient(model, index, id, group, String.format("t%03d", therapist + 1), effect, out));
            }
        }
        out.sort(Comparator.comparing((Administration a) -> a.groupId().orElse(""), SyntheticCohort::natural).thenComparing(Administration::patientId,
                SyntheticCohort::natural).thenComparingInt(Administration::occasion).thenComparing(Administration::instrumentId));
        return new SyntheticCohort(out, truth);
    }

    private static int natural(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    /** @return every administration, sorted by group, patient, occasion and instrument */
    public List<Administration> administrations() {
        return administrations;
    }

    /** @return the ground truth per patient, in generation order */
    public List<PatientTruth> truth() {
        return truth;
    }

    /** A random effect of one group (kind 1) or therapist (kind 2): its own stream, so it does not depend on others. */
    private static double effect(CohortModel m, int kind, int index, double sd) {
        if (sd == 0) {
            return 0;
        }
        SplittableRandom rnd = new SplittableRandom(m.seed() * 2_000_029L + kind * 104_729L + index * 15_485_863L);
        return gauss(rnd) * sd;
    }

    private static PatientTruth patient(CohortModel m, int index, String id, String group, String therapist,
            double effect, List<Administration> out) {
        SplittableRandom rnd = new SplittableRandom(m.seed() * 1_000_003L + index * 7_919L + 17);
        double u = rnd.nextDouble();
        TrajectoryClass c = u < m.earlyShare() ? TrajectoryClass.EARLY_RESPONDER
                : u < m.earlyShare() + m.slowShare() ? TrajectoryClass.SLOW_RESPONDER
                : u < m.earlyShare() + m.slowShare() + m.nonShare() ? TrajectoryClass.NON_RESPONDER
                : TrajectoryClass.DETERIORATOR;
        int k = c.ordinal();
        int baseline = (int) Math.max(8, Math.min(Math.min(20, m.baselineMean() + 5),
                Math.round(m.baselineMean() + gauss(rnd) * m.baselineSd())));
        int sessions = m.sessions();
        double[] dropFactor = {0.6, 0.8, 1.4, 1.6};
        int dropout = rnd.nextDouble() < Math.min(1, m.dropoutRate() * dropFactor[k])
                ? 3 + rnd.nextInt(Math.max(1, sessions - 4)) : -1;
        int lastOccasion = dropout >= 0 ? dropout : sessions;
        boolean stuckProblem = c == TrajectoryClass.SLOW_RESPONDER && rnd.nextDouble() < 0.2;
        double eventP = k < 2 ? 0.05 : 0.10;
        double[] hwMean = {3.0, 2.6, 1.4, 1.2};
        double[] bond = {5.6, 5.2, 3.9, 3.6};
        double[] neg = {2.0, 2.3, 3.4, 3.8};
        boolean eventLastWeek = false;
        int last = baseline;
        for (int s = 0; s <= lastOccasion; s++) {
            double expected = expected(c, baseline, s, sessions, m.changeScale()) - effect * s / sessions;
            int total = s == 0 ? baseline
                    : (int) Math.max(0, Math.min(20, Math.round(expected + gauss(rnd) * 1.5 + (eventLastWeek ? 2 : 0))));
            last = total;
            Administration.Builder od = Administration.builder(id, "odsis", s).groupId(group).answers("q", spread(total, rnd));
            if (rnd.nextDouble() < m.commentRate()) {
                String[] pool = total <= baseline - 3 ? GOOD : HARD;
                od.comment(pool[rnd.nextInt(pool.length)]);
            }
            out.add(od.build());
            Administration events = lifeEvents(id, group, s, eventP, rnd);
            out.add(events);
            eventLastWeek = events.answers().containsValue(1);
            int problem = clamp((int) Math.round(total / 4.0 + gauss(rnd) * 0.7), 0, 5);
            if (stuckProblem && s >= 3) {
                problem = 4 + rnd.nextInt(2);
            }
            int wellbeing = clamp((int) Math.round(total / 4.5 + gauss(rnd) * 0.7), 0, 5);
            Administration.Builder ps = Administration.builder(id, "psychlops", s).groupId(group).answer("q1b", problem)
                    .answer("q4", wellbeing);
            if (s == 0 || s == sessions) {
                ps.answer("q2b", clamp(problem - 1 + rnd.nextInt(2), 0, 5))
                        .answer("q3b", clamp((int) Math.round(total / 4.0 + gauss(rnd)), 0, 5));
            }
            out.add(ps.build());
            if (s >= 1) {
                out.add(Administration.builder(id, "homework", s).groupId(group)
                        .answer("q1", clamp((int) Math.round(hwMean[k] + gauss(rnd) * 0.8), 0, 4)).build());
                out.add(alliance(id, group, s, bond[k], neg[k], rnd));
            }
        }
        int change = last - baseline;
        String outcome = change <= -4 ? (last < 8 ? "recovered" : "improved") : change >= 4 ? "deteriorated" : "unchanged";
        return new PatientTruth(id, group, c, dropout, baseline, last, outcome, therapist, effect);
    }

    /** The class's expected ODSIS total at session {@code s} of {@code sessions}, before the therapist's effect. */
    private static double expected(TrajectoryClass c, int baseline, int s, int sessions, double k2) {
        switch (c) {
            case EARLY_RESPONDER:
                return baseline - k2 * 7 * (1 - Math.exp(-s / 2.0));
            case SLOW_RESPONDER:
                return baseline - k2 * 6.0 * s / sessions;
            case NON_RESPONDER:
                return baseline;
            default:
                return baseline + k2 * 4.0 * s / sessions;
        }
    }

    /** A life-events checklist: each event checked with probability {@code eventP}. */
    private static Administration lifeEvents(String id, String group, int s, double eventP, SplittableRandom rnd) {
        Administration.Builder le = Administration.builder(id, "life-events", s).groupId(group);
        for (String e : EVENTS) {
            le.answer(e, rnd.nextDouble() < eventP ? 1 : 0);
        }
        return le.build();
    }

    /** A GQ-12 around the class's bonding and negative-relationship means. */
    private static Administration alliance(String id, String group, int s, double bond, double neg, SplittableRandom rnd) {
        Administration.Builder gq = Administration.builder(id, "gq12", s).groupId(group);
        for (int i = 1; i <= 4; i++) {
            gq.answer("pb" + i, clamp((int) Math.round(bond + gauss(rnd) * 0.7), 1, 7));
            gq.answer("pw" + i, clamp((int) Math.round(bond - 0.2 + gauss(rnd) * 0.7), 1, 7));
            gq.answer("nr" + i, clamp((int) Math.round(neg + gauss(rnd) * 0.7), 1, 7));
        }
        return gq.build();
    }

    private static int[] spread(int total, SplittableRandom rnd) {
        int[] items = new int[5];
        int base = total / 5;
        int rem = total % 5;
        java.util.Arrays.fill(items, base);
        while (rem > 0) {
            int i = rnd.nextInt(5);
            if (items[i] == base) {
                items[i]++;
                rem--;
            }
        }
        return items;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double gauss(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
