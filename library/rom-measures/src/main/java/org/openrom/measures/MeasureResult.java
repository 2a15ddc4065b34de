package org.openrom.measures;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.openrom.measures.MeasurePatient.Assessment;

/**
 * One patient's result of an {@link EpisodeMeasure} over a {@link MeasurementPeriod}: the populations the patient is
 * in (nested as in a proportion measure: the numerator counts only denominator patients who are not excluded), the
 * assessments that decided it, and the reason in one line.
 *
 * @param patientId the patient
 * @param initialPopulation in the initial population (an index assessment, old enough at it)
 * @param denominator in the denominator (the initial population, for these measures)
 * @param denominatorExclusion in the denominator and excluded (hospice, palliative care, death, a listed disorder)
 * @param numerator in the denominator, not excluded, and reached the outcome (remission, response)
 * @param index the index assessment, if any
 * @param closing the last assessment in the assessment window, if any
 * @param ageAtIndex the age in whole years at the index assessment, if both are known
 * @param stratum the age stratum at the index assessment ({@code 12-17}, {@code 18+}), if in the initial population
 * @param exclusions why the patient is excluded ({@code hospice}, {@code palliative-care}, {@code died},
 *     {@code mental-health-disorder}), empty when not excluded
 * @param evidence the ids of the records that decided the result, each once (the FHIR {@code evaluatedResource})
 * @param issues data issues met on the way (a score outside the tool's 0..27, say), counted, never hidden
 * @param reason the result in one line, for a clinician or an auditor
 */
public record MeasureResult(String patientId, boolean initialPopulation, boolean denominator,
        boolean denominatorExclusion, boolean numerator, Optional<Assessment> index, Optional<Assessment> closing,
        OptionalInt ageAtIndex, Optional<String> stratum, List<String> exclusions, List<String> evidence,
        List<String> issues, String reason) {
    /** Validates the nesting of the populations. */
    public MeasureResult {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(closing, "closing");
        Objects.requireNonNull(ageAtIndex, "ageAtIndex");
        Objects.requireNonNull(stratum, "stratum");
        exclusions = List.copyOf(exclusions);
        evidence = List.copyOf(new java.util.LinkedHashSet<>(evidence));
        issues = List.copyOf(issues);
        Objects.requireNonNull(reason, "reason");
        boolean nested = (initialPopulation || !denominator) && (denominator || !denominatorExclusion)
                && (denominator && !denominatorExclusion || !numerator)
                && denominatorExclusion != exclusions.isEmpty();
        if (!nested) {
            throw new IllegalArgumentException("populations: got initial " + initialPopulation + ", denominator "
                    + denominator + ", exclusion " + denominatorExclusion + " " + exclusions + ", numerator " + numerator
                    + ", expected each inside the one before");
        }
    }
}
