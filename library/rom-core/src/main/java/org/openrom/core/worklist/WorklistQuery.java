package org.openrom.core.worklist;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;

/**
 * What worklist to build: the assignments the embedder knows, an optional filter by clinician, group or team, and when
 * an absence counts.
 *
 * @param assignments patient id → who looks after the patient (a patient without one matches no clinician or team
 *     filter)
 * @param clinician only patients assigned to this clinician, if given
 * @param group only members of this therapy group, if given
 * @param team only patients of this team, if given
 * @param absentAfter the number of the group's latest sessions a member must have missed to be on the list as absent
 *     (1 to 100; default 2)
 */
public record WorklistQuery(Map<String, Assignment> assignments, Optional<String> clinician, Optional<String> group,
        Optional<String> team, int absentAfter) {
    /** The default number of missed sessions that puts an absent member on the list. */
    public static final int DEFAULT_ABSENT_AFTER = 2;

    /** Validates and copies. */
    public WorklistQuery {
        assignments = Map.copyOf(Objects.requireNonNull(assignments, "assignments"));
        check("clinician", clinician);
        check("group", group);
        check("team", team);
        if (absentAfter < 1 || absentAfter > 100) {
            throw new ValidationException("worklist query", "absentAfter", String.valueOf(absentAfter), "1 to 100 sessions");
        }
    }

    /** @return every patient who needs attention, no assignments, the default absence */
    public static WorklistQuery all() {
        return new WorklistQuery(Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_ABSENT_AFTER);
    }

    /** @return this query with the embedder's assignments */
    public WorklistQuery withAssignments(Map<String, Assignment> a) {
        return new WorklistQuery(a, clinician, group, team, absentAfter);
    }

    /** @return this query for one clinician's patients */
    public WorklistQuery forClinician(String id) {
        return new WorklistQuery(assignments, Optional.of(id), group, team, absentAfter);
    }

    /** @return this query for one group's members */
    public WorklistQuery forGroup(String id) {
        return new WorklistQuery(assignments, clinician, Optional.of(id), team, absentAfter);
    }

    /** @return this query for one team's patients */
    public WorklistQuery forTeam(String id) {
        return new WorklistQuery(assignments, clinician, group, Optional.of(id), absentAfter);
    }

    /** @return this query with another absence threshold */
    public WorklistQuery absentAfter(int sessions) {
        return new WorklistQuery(assignments, clinician, group, team, sessions);
    }

    /**
     * @param patientId a patient
     * @param groupId the patient's group, or null
     * @return true when the patient passes every filter
     */
    public boolean matches(String patientId, String groupId) {
        Assignment a = assignments.getOrDefault(patientId, Assignment.none());
        return clinician.map(a.clinicians()::contains).orElse(true) && team.map(a.teams()::contains).orElse(true)
                && group.map(g -> g.equals(groupId)).orElse(true);
    }

    private static void check(String field, Optional<String> id) {
        Objects.requireNonNull(id, field);
        if (id.isPresent() && Checks.opaqueIdProblem(id.get()) != null) {
            throw new ValidationException("worklist query", field, Checks.show(id.get()), Checks.opaqueIdProblem(id.get()));
        }
    }
}
