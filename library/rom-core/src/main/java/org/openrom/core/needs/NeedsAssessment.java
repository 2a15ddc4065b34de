package org.openrom.core.needs;

import java.util.List;
import java.util.Objects;

/**
 * The needs raised for one patient at one occasion, ranked, with the candidate add-on interventions.
 * A hypothesis for the clinician, never a diagnosis.
 *
 * @param patientId the patient
 * @param occasion the occasion
 * @param taxonomy taxonomy id and version, e.g. {@code gryesten-2024@1}
 * @param evidenceRules evidence rule set id and version, e.g. {@code openrom-default@1}
 * @param needs the raised needs, by rank
 * @param interventions the candidate interventions, each serving at least one raised need
 */
public record NeedsAssessment(String patientId, int occasion, String taxonomy, String evidenceRules,
        List<RaisedNeed> needs, List<CandidateIntervention> interventions) {
    /** Validates and copies. */
    public NeedsAssessment {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(taxonomy, "taxonomy");
        Objects.requireNonNull(evidenceRules, "evidenceRules");
        needs = List.copyOf(Objects.requireNonNull(needs, "needs"));
        interventions = List.copyOf(Objects.requireNonNull(interventions, "interventions"));
    }
}
