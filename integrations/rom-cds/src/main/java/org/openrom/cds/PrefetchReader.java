package org.openrom.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openrom.core.ValidationException;
import org.openrom.core.history.DataIssue;
import org.openrom.core.history.HistoryRow;
import org.openrom.fhir.CriticalAnswers;
import org.openrom.fhir.FhirMapper;

/**
 * The CDS edge of the one door: a prefetch (and the pages and queries {@link FhirFetcher} brings) parsed into
 * {@link HistoryRow rows} for the assembler, resource by resource, so that one unreadable resource costs that resource
 * only. What it cannot use it counts as a {@link DataIssue}; what it cannot read of a response it still reads for the
 * critical items. Another patient's resources are never used.
 */
final class PrefetchReader {
    /** The prefetch keys this service asks for, with the query each stands for. */
    static final List<String[]> KEYS = List.of(
            new String[] {"responses", "QuestionnaireResponse?subject={{context.patientId}}&_sort=-authored&_count=100"},
            new String[] {"observations", "Observation?subject={{context.patientId}}&category=survey&_sort=-date&_count=100"});
    /** At most this many pages are followed per key. */
    static final int MAX_PAGES = 20;

    /**
     * What the prefetch gave: rows for the assembler, issues of resources that never became rows, a count, and whether
     * the prefetch was the whole history: no key missing and no next page, whether or not the FHIR server could be
     * asked for them (when it was not, the result depends on more than the prefetch).
     */
    record Read(List<HistoryRow> rows, List<DataIssue> issues, int resources, boolean prefetchOnly) {
    }

    private final FhirMapper mapper;

    PrefetchReader(FhirMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param patientId the hook's {@code context.patientId}
     * @param prefetch the request's prefetch object (maybe missing)
     * @param fetcher the FHIR server of the request, when it gave one and a token
     * @return the rows and issues
     * @throws PatientView.BadRequest 412 when nothing was prefetched and nothing can be fetched
     */
    Read read(String patientId, JsonNode prefetch, Optional<FhirFetcher> fetcher) throws PatientView.BadRequest {
        State s = new State(patientId);
        int usable = 0;
        for (String[] key : KEYS) {
            JsonNode n = prefetch.path(key[0]);
            String at = "prefetch." + key[0];
            if (n.isMissingNode() || n.isNull()) {
                s.prefetchOnly = false;
                if (fetcher.isPresent()) {
                    Optional<JsonNode> got = fetcher.get().search(key[1].replace("{{context.patientId}}", patientId));
                    if (got.isPresent()) {
                        usable++;
                        collect(got.get(), "fetched." + key[0], s, fetcher, 0);
                        continue;
                    }
                }
                s.issues.add(DataIssue.of(patientId, at, DataIssue.Code.INCOMPLETE, key[0]));
                continue;
            }
            usable++;
            collect(n, at, s, fetcher, 0);
        }
        if (usable == 0) {
            throw new PatientView.BadRequest(412, "prefetch.responses and prefetch.observations: neither was prefetched, "
                    + "and the request gives no fhirServer and fhirAuthorization to fetch them with");
        }
        return new Read(List.copyOf(s.rows), List.copyOf(s.issues), s.resources, s.prefetchOnly);
    }

    private static final class State {
        final String patientId;
        final List<HistoryRow> rows = new ArrayList<>();
        final List<DataIssue> issues = new ArrayList<>();
        int resources;
        boolean prefetchOnly = true;

        State(String patientId) {
            this.patientId = patientId;
        }

        void issue(String source, DataIssue.Code code, String field) {
            issues.add(DataIssue.of(patientId, source, code, field));
        }
    }

    private void collect(JsonNode n, String at, State s, Optional<FhirFetcher> fetcher, int page) {
        if (n.isObject() && "Bundle".equals(n.path("resourceType").asText())) {
            JsonNode entries = n.path("entry");
            for (int i = 0; i < entries.size(); i++) {
                JsonNode r = entries.get(i).path("resource");
                String src = at + ".entry[" + i + "]";
                if (!r.isObject()) {
                    s.resources++;
                    s.issue(src, DataIssue.Code.UNREADABLE, "resource");
                } else {
                    resource((ObjectNode) r, src, s);
                }
            }
            for (JsonNode link : n.path("link")) {
                if ("next".equals(link.path("relation").asText()) && link.path("url").isTextual()) {
                    s.prefetchOnly = false;
                    Optional<JsonNode> next = page + 1 < MAX_PAGES && fetcher.isPresent()
                            ? fetcher.get().page(link.path("url").asText()) : Optional.empty();
                    if (next.isPresent()) {
                        collect(next.get(), at + ".page[" + (page + 1) + "]", s, fetcher, page + 1);
                    } else {
                        s.issue(at, DataIssue.Code.INCOMPLETE, "link(next)");
                    }
                }
            }
            return;
        }
        if (n.isObject()) {
            resource((ObjectNode) n, at, s);
        } else {
            s.resources++;
            s.issue(at, DataIssue.Code.UNREADABLE, "resource");
        }
    }

    private void resource(ObjectNode json, String at, State s) {
        s.resources++;
        String type = json.path("resourceType").asText("");
        String source = !type.isEmpty() && json.path("id").isTextual() && json.path("id").asText().matches("[A-Za-z0-9\\-.]{1,64}")
                ? type + "/" + json.path("id").asText() : at;
        Resource r;
        boolean broken = false;
        try {
            r = mapper.parse(json.toString(), Resource.class);
        } catch (RuntimeException unreadable) {
            if (!"QuestionnaireResponse".equals(type)) {
                s.issue(source, DataIssue.Code.UNREADABLE, type.isEmpty() ? "resourceType" : type);
                return;
            }
            // a response that does not parse (an impossible date, an unknown element) is read again for what the
            // critical items need: its critical answers must still alert
            ObjectNode core = json.objectNode();
            for (String f : List.of("resourceType", "id", "status", "subject", "questionnaire", "item")) {
                if (json.has(f)) {
                    core.set(f, json.get(f));
                }
            }
            try {
                r = mapper.parse(core.toString(), Resource.class);
                broken = true;
            } catch (RuntimeException stillUnreadable) {
                s.issue(source, DataIssue.Code.UNREADABLE, type);
                return;
            }
        }
        if (r instanceof QuestionnaireResponse q) {
            response(q, source, broken, s);
        } else if (r instanceof Observation o) {
            observation(o, source, s);
        } else {
            s.issue(source, DataIssue.Code.UNSUPPORTED, r.fhirType());
        }
    }

    /**
     * Whose resource it is: this patient's (true), another's (false, counted as {@code foreign-patient} without naming
     * them), or unknown (empty).
     */
    private Optional<Boolean> mine(Reference subject, String source, String field, State s) {
        Optional<String> who = mapper.patientOf(subject);
        if (who.isEmpty() || who.get().contains("|")) {
            return Optional.empty(); // no subject, or an identifier: cannot be compared with context.patientId
        }
        boolean mine = who.get().equals(s.patientId);
        if (!mine) {
            s.issues.add(new DataIssue(Optional.empty(), source, DataIssue.Code.FOREIGN_PATIENT,
                    DataIssue.Code.FOREIGN_PATIENT.severity(), Optional.of(field)));
        }
        return Optional.of(mine);
    }

    /** Where the first problem of a rejected resource is (a FHIRPath), for the data issue; null when none is named. */
    private static String firstPath(ValidationException e) {
        return e.violations().isEmpty() ? null : e.violations().get(0).path();
    }

    private void response(QuestionnaireResponse q, String source, boolean broken, State s) {
        Optional<Boolean> mine = mine(q.getSubject(), source, "QuestionnaireResponse.subject", s);
        if (mine.isPresent() && !mine.get()) {
            return;
        }
        if (q.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR) {
            s.issue(source, DataIssue.Code.ENTERED_IN_ERROR, "QuestionnaireResponse.status");
            return;
        }
        HistoryRow.When when = FhirMapper.when(q);
        CriticalAnswers.Result critical = mapper.critical(q, s.patientId, OptionalInt.empty());
        for (String item : critical.unreadable()) {
            s.issue(source, DataIssue.Code.CRITICAL_ITEM_UNREADABLE, item);
        }
        DataIssue.Code unusable = broken ? DataIssue.Code.UNREADABLE
                : mine.isEmpty() ? DataIssue.Code.SUBJECT_UNRESOLVED
                : q.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                        && q.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED ? DataIssue.Code.NOT_FINAL
                : null;
        String field = broken ? "QuestionnaireResponse" : mine.isEmpty() ? "QuestionnaireResponse.subject"
                : "QuestionnaireResponse.status";
        if (unusable == null) {
            try {
                s.rows.add(new HistoryRow.Response(source, mapper.administration(q, when.occasion().isPresent()
                        ? OptionalInt.empty() : OptionalInt.of(0)), when));
                return;
            } catch (ValidationException e) {
                unusable = DataIssue.Code.INVALID;
                field = firstPath(e);
            }
        }
        s.rows.add(new HistoryRow.Unusable(source, s.patientId, when, unusable, Optional.ofNullable(field), critical.alerts()));
    }

    private void observation(Observation o, String source, State s) {
        Optional<Boolean> mine = mine(o.getSubject(), source, "Observation.subject", s);
        if (mine.isPresent() && !mine.get()) {
            return;
        }
        if (o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || o.getStatus() == Observation.ObservationStatus.CANCELLED) {
            s.issue(source, DataIssue.Code.ENTERED_IN_ERROR, "Observation.status");
            return;
        }
        if (mine.isEmpty()) {
            s.issue(source, DataIssue.Code.SUBJECT_UNRESOLVED, "Observation.subject");
            return;
        }
        Optional<FhirMapper.ObservedScore> score;
        try {
            score = mapper.observedScore(o);
        } catch (ValidationException e) {
            s.issue(source, DataIssue.Code.INVALID, firstPath(e));
            return;
        }
        Optional<Instant> recorded = o.hasIssued() ? Optional.of(o.getIssued().toInstant()) : Optional.empty();
        if (score.isEmpty()) {
            // an EHR's own total (LOINC 44261-6): its session from the occasion rule, like a response's
            Optional<FhirMapper.StandardScore> ehr;
            try {
                ehr = mapper.standardScore(o);
            } catch (ValidationException e) {
                s.issue(source, DataIssue.Code.INVALID, firstPath(e));
                return;
            }
            if (ehr.isPresent()) {
                s.rows.add(new HistoryRow.StoredScore(source, s.patientId, ehr.get().scale(), ehr.get().value(),
                        new HistoryRow.When(ehr.get().occasion(), ehr.get().date(), recorded, Optional.empty())));
                return;
            }
        }
        if (score.isEmpty() || score.get().value().isEmpty()) {
            // not a score (a vital sign), or a score that says it could not be scored
            s.issue(source, DataIssue.Code.UNSUPPORTED, "Observation.code");
            return;
        }
        s.rows.add(new HistoryRow.StoredScore(source, s.patientId, score.get().scale(), score.get().value().getAsDouble(),
                new HistoryRow.When(OptionalInt.of(score.get().occasion()), score.get().date(), recorded, Optional.empty())));
    }

}
