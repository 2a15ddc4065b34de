package org.openrom.core.history;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.openrom.core.internal.Checks;
import org.openrom.core.safety.Severity;

/**
 * A record that reached OpenROM and could not be used as it came, or was used in part: the typed, countable trace
 * that keeps "could not look" from reading as "nothing to see". Raised by {@link HistoryAssembler} and by the edges
 * that parse records for it (a resource that is not FHIR, another patient's resource in a prefetch). Every edge shows
 * every issue in its own idiom: a counted warning or an exit code in the command line, a card in the CDS service, a
 * dead letter in Spark.
 *
 * <p>Coded, never free text: no answer, comment or other patient data is in an issue, so issues can be logged and
 * counted. The {@code field} names where in the record the problem is (a FHIRPath, a column, an item), never its value.
 *
 * @param patientId the patient the record is about, when it could be told
 * @param source where the record came from, opaque to OpenROM (a file and line, a resource reference, a prefetch key
 *     and entry index)
 * @param code what is wrong
 * @param severity how much it matters: {@link Severity#HIGH} when a critical item could not be read
 * @param field where in the record, when known
 */
public record DataIssue(Optional<String> patientId, String source, Code code, Severity severity, Optional<String> field) {
    /** Validates. */
    public DataIssue {
        Objects.requireNonNull(patientId, "patientId");
        Checks.nonBlank("data issue", "source", source);
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(field, "field");
    }

    /**
     * @param patientId the patient, when known (null: unknown)
     * @param source the record's source
     * @param code what is wrong
     * @param field where, when known (null: unknown)
     * @return an issue of the code's {@linkplain Code#severity() usual severity}
     */
    public static DataIssue of(String patientId, String source, Code code, String field) {
        Objects.requireNonNull(code, "code");
        return new DataIssue(Optional.ofNullable(patientId), source, code, code.severity(), Optional.ofNullable(field));
    }

    /** What is wrong with a record. Each has a stable lower-case {@linkplain #code() code} for files, cards and logs. */
    public enum Code {
        /** Not readable as a record of its format at all (malformed JSON or FHIR, an impossible date): left out. */
        UNREADABLE(Severity.MODERATE),
        /** Readable but not valid (an answer out of range, an unknown item or form, a score out of its scale): left out. */
        INVALID(Severity.MODERATE),
        /** A record of a kind OpenROM does not use (another resource type, an Observation that is no score): left out. */
        UNSUPPORTED(Severity.LOW),
        /** Marked as entered in error by its source: left out, as its source asks. */
        ENTERED_IN_ERROR(Severity.LOW),
        /** Not final (a form stopped or in progress): its critical items alert, its answers are not scored. */
        NOT_FINAL(Severity.LOW),
        /** No session could be given to it (none stated, and the occasion rule could not derive one): left out. */
        NO_OCCASION(Severity.MODERATE),
        /** Another record of the same instrument or scale at the same session was kept instead. */
        SUPERSEDED(Severity.LOW),
        /** Several records of the same instrument or scale at one session, and the policy refuses them all. */
        DUPLICATE(Severity.MODERATE),
        /** Another patient's record, where one patient's were asked for: never used. */
        FOREIGN_PATIENT(Severity.MODERATE),
        /** The patient it is about could not be told (no subject, an identifier only): its alerts count, its scores not. */
        SUBJECT_UNRESOLVED(Severity.MODERATE),
        /** A critical item is present but its answer cannot be decided: a clinician must look at the record. */
        CRITICAL_ITEM_UNREADABLE(Severity.HIGH),
        /** The source holds more records than were received (a paged search): the history may be incomplete. */
        INCOMPLETE(Severity.MODERATE);

        private final Severity severity;

        Code(Severity severity) {
            this.severity = severity;
        }

        /** @return the severity issues of this code usually have */
        public Severity severity() {
            return severity;
        }

        /** @return the lower-case, hyphenated code ({@code critical-item-unreadable}) */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Identifiers only. */
    @Override
    public String toString() {
        return "DataIssue[" + code.code() + ", " + severity.code() + ", " + source + field.map(f -> ", " + f).orElse("") + "]";
    }
}
