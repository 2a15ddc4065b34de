package org.openrom.core.history;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openrom.core.safety.SafetyAlert;

/**
 * What {@link HistoryAssembler} made of a set of rows: one history per patient with at least one usable row, every
 * safety alert (of usable and unusable rows alike, without repeats), and a data issue for every row not used as it
 * came.
 *
 * @param histories the histories by patient id, in id order
 * @param alerts the alerts, by patient, occasion, instrument and item
 * @param issues the issues, in the order of the rows they are about
 */
public record Assembly(Map<String, PatientHistory> histories, List<SafetyAlert> alerts, List<DataIssue> issues) {
    /** Copies. */
    public Assembly {
        histories = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(histories, "histories")));
        alerts = List.copyOf(Objects.requireNonNull(alerts, "alerts"));
        issues = List.copyOf(Objects.requireNonNull(issues, "issues"));
    }

    /**
     * @param patientId a patient
     * @return the patient's history, when any row of theirs was usable
     */
    public Optional<PatientHistory> history(String patientId) {
        return Optional.ofNullable(histories.get(Objects.requireNonNull(patientId, "patientId")));
    }

    /** @return the number of issues of each code that occurred, in code order */
    public Map<DataIssue.Code, Integer> issueCounts() {
        Map<DataIssue.Code, Integer> counts = new EnumMap<>(DataIssue.Code.class);
        issues.forEach(i -> counts.merge(i.code(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }
}
