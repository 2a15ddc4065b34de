package org.openrom.core.worklist;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;

/**
 * Who looks after a patient, as the embedding system knows it: the clinicians and the teams, as opaque ids. The
 * worklist filters by them; the monitor never stores them.
 *
 * @param clinicians the patient's clinicians (opaque ids)
 * @param teams the patient's teams (opaque ids)
 */
public record Assignment(Set<String> clinicians, Set<String> teams) {
    /** Validates every id and copies the sets, sorted. */
    public Assignment {
        clinicians = ids("clinicians", clinicians);
        teams = ids("teams", teams);
    }

    /** @return nobody assigned */
    public static Assignment none() {
        return new Assignment(Set.of(), Set.of());
    }

    private static Set<String> ids(String field, Set<String> ids) {
        Objects.requireNonNull(ids, field);
        for (String id : ids) {
            String problem = Checks.opaqueIdProblem(id);
            if (problem != null) {
                throw new ValidationException("assignment", field, Checks.show(id), problem);
            }
        }
        return java.util.Collections.unmodifiableSet(new TreeSet<>(ids));
    }
}
