package org.openrom.fhir;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.openrom.core.history.HistoryRow;
import org.openrom.core.history.OccasionRule;

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
     * Weekly sessions: the library's {@link OccasionRule#weeksSince} on the response's {@code authored} day (in its own
     * offset), so the start week is occasion 0.
     *
     * @param startOf each patient's start of treatment, or empty when unknown
     * @return the derivation
     */
    static Occasions weeksSince(Function<String, Optional<LocalDate>> startOf) {
        return of(OccasionRule.weeksSince(Objects.requireNonNull(startOf, "startOf")));
    }

    /**
     * The session of the response's encounter, as the EHR's schedule knows it: the library's
     * {@link OccasionRule#byEncounter}.
     *
     * @param sessionOf the session number of an encounter reference (e.g. {@code Encounter/123}), or empty
     * @return the derivation
     */
    static Occasions byEncounter(Function<String, OptionalInt> sessionOf) {
        return of(OccasionRule.byEncounter(Objects.requireNonNull(sessionOf, "sessionOf")));
    }

    /**
     * A library occasion rule applied to one response at a time (a rule that ranks a patient's dates needs all of
     * them: give those to {@link org.openrom.core.history.HistoryAssembler} instead).
     *
     * @param rule the rule
     * @return the derivation
     */
    static Occasions of(OccasionRule rule) {
        Objects.requireNonNull(rule, "rule");
        return (r, patient) -> {
            if (patient == null) {
                return OptionalInt.empty();
            }
            HistoryRow.When w = FhirMapper.when(r);
            // the extension is read by the mapper itself; here only what the rule derives from the rest
            OptionalInt o = rule.assign(patient, List.of(new HistoryRow.When(OptionalInt.empty(), w.date(), w.recorded(),
                    w.encounter()))).get(0);
            return o == null ? OptionalInt.empty() : o;
        };
    }
}
