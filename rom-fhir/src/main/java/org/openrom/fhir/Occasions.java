package org.openrom.fhir;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Where the session of a response comes from when it does not carry OpenROM's {@code occasion} extension (the
 * responses EHRs send do not): configurable by the embedder, who knows the treatment. Used by
 * {@link FhirMapper#administration(QuestionnaireResponse, Occasions)}; the extension, when present, always wins.
 */
@FunctionalInterface
public interface Occasions {
    /**
     * @param response the response
     * @param patientId the OpenROM patient id read from its subject
     * @return the occasion, or empty when it cannot be told (an error naming the extension follows)
     */
    OptionalInt occasionOf(QuestionnaireResponse response, String patientId);

    /** @return no derivation: only the extension gives the occasion */
    static Occasions none() {
        return (r, p) -> OptionalInt.empty();
    }

    /**
     * Weekly sessions: the occasion is the number of whole weeks from the patient's start of treatment to the
     * response's {@code authored} date (in its own offset), so the start week is occasion 0.
     *
     * @param startOf each patient's start of treatment, or empty when unknown
     * @return the derivation
     */
    static Occasions weeksSince(Function<String, Optional<LocalDate>> startOf) {
        Objects.requireNonNull(startOf, "startOf");
        return (r, patient) -> {
            Optional<LocalDate> start = patient == null ? Optional.empty() : startOf.apply(patient);
            if (start.isEmpty() || !r.hasAuthored()) {
                return OptionalInt.empty();
            }
            DateTimeType a = r.getAuthoredElement();
            long days = ChronoUnit.DAYS.between(start.get(), LocalDate.of(a.getYear(), a.getMonth() + 1, a.getDay()));
            return days < 0 ? OptionalInt.empty() : OptionalInt.of((int) (days / 7));
        };
    }

    /**
     * The session of the response's encounter, as the EHR's schedule knows it.
     *
     * @param sessionOf the session number of an encounter reference (e.g. {@code Encounter/123}), or empty
     * @return the derivation
     */
    static Occasions byEncounter(Function<String, OptionalInt> sessionOf) {
        Objects.requireNonNull(sessionOf, "sessionOf");
        return (r, patient) -> r.hasEncounter() && r.getEncounter().hasReference()
                ? sessionOf.apply(r.getEncounter().getReference()) : OptionalInt.empty();
    }
}
