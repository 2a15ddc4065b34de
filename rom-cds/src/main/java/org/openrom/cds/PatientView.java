package org.openrom.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.needs.CandidateIntervention;
import org.openrom.core.needs.Intervention;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.safety.AlertWording;
import org.openrom.core.safety.RejectedAdministrationException;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.fhir.FhirMapper;
import org.openrom.report.ReportRenderer;

/**
 * The {@code patient-view} hook: the patient's QuestionnaireResponses and score Observations (prefetched by the EHR)
 * become a history, the rules and the critical items are evaluated, and the cards say what needs attention: a
 * critical card per safety alert, always first; a NOT card when a rule is Not On Track; nothing otherwise.
 */
final class PatientView {
    /** The service id. */
    static final String ID = "openrom-patient-view";
    /** CDS Hooks' limit on a card's summary. */
    static final int SUMMARY_LIMIT = 140;
    static final String OVERRIDE_SYSTEM = FhirMapper.DEFAULT_BASE + "/CodeSystem/cds-override-reason";
    private static final String[][] OVERRIDE_REASONS = {
        {"already-addressed", "Already addressed with the patient"},
        {"clinical-judgement", "Clinical judgement: the patient is progressing"},
        {"patient-declined", "The patient declined an add-on intervention"},
        {"data-issue", "The questionnaire data do not reflect the patient's state"}};

    /** A hook's result: the cards, what to record of them, and the page the link opens. */
    record Result(ObjectNode body, List<FeedbackStore.Card> cards, Optional<String> reportHtml, String reportToken) {
    }

    private final ObjectMapper json;
    private final InstrumentRegistry instruments;
    private final List<TrackRule> rules;
    private final NeedsEngine needs;
    private final FhirMapper mapper;
    private final ReportRenderer renderer;
    private final AlertWording wording;
    private final String language;

    PatientView(ObjectMapper json, InstrumentRegistry instruments, List<TrackRule> rules, NeedsEngine needs, FhirMapper mapper,
            AlertWording wording, String language) {
        this.json = json;
        this.instruments = instruments;
        this.rules = rules;
        this.needs = needs;
        this.mapper = mapper;
        this.wording = wording;
        this.language = language;
        this.renderer = new ReportRenderer(needs, language).alertWording(wording);
    }

    /** The discovery entry of the service. */
    ObjectNode discovery() {
        ObjectNode s = json.createObjectNode();
        s.put("hook", "patient-view");
        s.put("id", ID);
        s.put("title", "OpenROM: progress and safety");
        s.put("description", "Routine outcome monitoring: a critical card for each safety alert of a critical item "
                + "(PHQ-9 item 9), and a Not On Track card with its reasons and candidate add-on interventions. Decision "
                + "support for the clinician; it takes no action.");
        ObjectNode pre = s.putObject("prefetch");
        pre.put("responses", "QuestionnaireResponse?subject={{context.patientId}}&status=completed");
        pre.put("observations", "Observation?subject={{context.patientId}}&category=survey");
        s.put("usageRequirements", "Prefetch is required: the service does not query the FHIR server.");
        return s;
    }

    /**
     * @param request the hook request
     * @param reportUrl the URL a NOT report will be served at
     * @param reportToken the report's token
     * @param now when the cards are issued (the service's clock)
     * @return the cards
     * @throws BadRequest when the request does not fit
     */
    Result evaluate(JsonNode request, String reportUrl, String reportToken, Instant now) throws BadRequest {
        if (!request.isObject()) {
            throw new BadRequest("the request body must be a JSON object");
        }
        if (!"patient-view".equals(request.path("hook").asText(null))) {
            throw new BadRequest("hook: expected patient-view");
        }
        if (!request.path("hookInstance").isTextual()) {
            throw new BadRequest("hookInstance: expected a string");
        }
        String patientId = request.path("context").path("patientId").asText(null);
        if (patientId == null || patientId.isBlank()) {
            throw new BadRequest("context.patientId: expected the patient's id");
        }
        JsonNode prefetch = request.path("prefetch");
        if (!prefetch.has("responses") && !prefetch.has("observations")) {
            throw new BadRequest("prefetch.responses or prefetch.observations: required (this service does not query "
                    + "the FHIR server)");
        }
        List<SafetyAlert> rejectedAlerts = new ArrayList<>();
        PatientHistory history = history(patientId, prefetch, rejectedAlerts);
        ObjectNode body = json.createObjectNode();
        ArrayNode cards = body.putArray("cards");
        List<FeedbackStore.Card> issued = new ArrayList<>();
        Optional<String> html = Optional.empty();
        NotReport report = null;
        if (!history.isEmpty()) {
            report = new NotReportBuilder(instruments, rules, needs).build(history, RuleTrack.evaluate(rules, history),
                    history.lastOccasion());
        }
        List<SafetyAlert> alerts = new ArrayList<>(rejectedAlerts);
        if (report != null) {
            alerts.addAll(report.alerts());
        }
        alerts.sort(Comparator.comparing(SafetyAlert::severity).thenComparing(SafetyAlert::occasion, Comparator.reverseOrder()));
        boolean not = report != null && report.status() == TrackStatus.NOT_ON_TRACK;
        if (report != null && (not || !alerts.isEmpty())) {
            html = Optional.of(renderer.html(report));
        }
        for (SafetyAlert a : alerts) {
            String uuid = UUID.randomUUID().toString();
            cards.add(criticalCard(uuid, a, html.isPresent() ? reportUrl : null));
            issued.add(new FeedbackStore.Card(uuid, ID, "critical", a.code(), now));
        }
        if (not) {
            String uuid = UUID.randomUUID().toString();
            cards.add(notCard(uuid, report, reportUrl));
            issued.add(new FeedbackStore.Card(uuid, ID, "not", report.statusRule(), now));
        }
        return new Result(body, issued, html, reportToken);
    }

    /** A request that does not fit the hook: 400 with the reason. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** The prefetched resources as a history: responses scored, score Observations read back. */
    private PatientHistory history(String patientId, JsonNode prefetch, List<SafetyAlert> rejectedAlerts) throws BadRequest {
        List<QuestionnaireResponse> responses = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        for (String key : List.of("responses", "observations")) {
            JsonNode n = prefetch.path(key);
            if (n.isMissingNode() || n.isNull()) {
                continue;
            }
            Resource r;
            try {
                r = mapper.parse(n.toString(), Resource.class);
            } catch (RuntimeException e) {
                throw new BadRequest("prefetch." + key + ": not a FHIR resource");
            }
            List<Resource> all = new ArrayList<>();
            if (r instanceof Bundle b) {
                b.getEntry().forEach(e -> all.add(e.getResource()));
            } else {
                all.add(r);
            }
            for (Resource x : all) {
                if (x instanceof QuestionnaireResponse q) {
                    responses.add(q);
                } else if (x instanceof Observation o) {
                    observations.add(o);
                }
            }
        }
        // sessions: the occasion extension, else the rank of the response's date among the patient's dates
        TreeSet<String> dates = new TreeSet<>();
        for (QuestionnaireResponse q : responses) {
            day(q).ifPresent(dates::add);
        }
        List<String> rank = new ArrayList<>(dates);
        List<Administration> administrations = new ArrayList<>();
        for (QuestionnaireResponse q : responses) {
            OptionalInt occ = day(q).map(d -> OptionalInt.of(rank.indexOf(d))).orElse(OptionalInt.empty());
            try {
                administrations.add(mapper.administration(q, occ));
            } catch (ValidationException e) {
                // a response that cannot be read is left out of the history; its critical answers still alert
                rejectedAlerts.addAll(mapper.alerts(q, occ));
            }
        }
        administrations.sort(Comparator.comparingInt(Administration::occasion).thenComparing(Administration::instrumentId));
        PatientHistory h = PatientHistory.of(patientId);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Administration a : administrations) {
            if (!seen.add(a.instrumentId() + "@" + a.occasion())) {
                continue; // the same session twice (an amended copy): the first is kept
            }
            try {
                h = h.append(a, instruments.get(a.instrumentId()).score(a));
            } catch (RejectedAdministrationException e) {
                rejectedAlerts.addAll(e.alerts()); // rejected, and its alert is not lost
            } catch (ValidationException e) {
                // invalid answers: left out of the history
            }
        }
        for (Observation o : observations) {
            Optional<FhirMapper.ObservedScore> s;
            try {
                s = mapper.observedScore(o).filter(x -> x.value().isPresent());
            } catch (ValidationException e) {
                continue; // not a readable score: left out
            }
            if (s.isEmpty()) {
                continue;
            }
            org.openrom.core.track.ScoreSeries series = h.series(s.get().scale());
            // a scale the responses already scored at this occasion or later keeps the responses' score
            if (series.size() == 0 || series.occasion(series.size() - 1) < s.get().occasion()) {
                h = h.appendScore(s.get().scale(), s.get().occasion(), s.get().value().getAsDouble());
            }
        }
        return h;
    }

    /** The day a response without the occasion extension was authored (a date of day precision or finer), if any. */
    private static Optional<String> day(QuestionnaireResponse q) {
        if (!q.getExtensionsByUrl(FhirMapper.OCCASION_EXTENSION).isEmpty() || !q.hasAuthoredElement()) {
            return Optional.empty();
        }
        String text = q.getAuthoredElement().getValueAsString();
        return text != null && text.length() >= 10 ? Optional.of(text.substring(0, 10)) : Optional.empty();
    }

    private ObjectNode criticalCard(String uuid, SafetyAlert a, String reportUrl) {
        ObjectNode c = json.createObjectNode();
        c.put("uuid", uuid);
        c.put("summary", limit("Safety alert: " + a.instrumentId() + " item " + a.itemId()
                + (a.unanswered() ? " unanswered" : " answered " + a.value().getAsInt()) + " (session " + a.occasion() + ")"));
        c.put("indicator", a.severity() == org.openrom.core.safety.Severity.HIGH ? "critical" : "warning");
        c.put("detail", wording.text(a, language));
        source(c, "OpenROM critical item (" + a.code() + ")");
        if (reportUrl != null) {
            c.putArray("links").addObject().put("label", "ROM report").put("url", reportUrl).put("type", "absolute");
        }
        return c;
    }

    private ObjectNode notCard(String uuid, NotReport r, String reportUrl) {
        ObjectNode c = json.createObjectNode();
        c.put("uuid", uuid);
        String reason = r.reasons().isEmpty() ? "progress is not as expected" : r.reasons().get(0).sentence();
        c.put("summary", limit("Not On Track: " + reason));
        c.put("indicator", "warning");
        StringBuilder detail = new StringBuilder("**Why:** ");
        r.reasons().forEach(f -> detail.append(f.sentence()).append(". "));
        detail.append("\n\n**Rule:** `").append(r.statusRule()).append('`');
        if (r.persistent()) {
            detail.append(" (Not On Track at ").append(r.consecutiveNot()).append(" sessions in a row)");
        }
        if (!r.needs().needs().isEmpty()) {
            detail.append("\n\n**Possible needs** (hypotheses for the clinician, not diagnoses): ");
            List<String> labels = r.needs().needs().stream().limit(3)
                    .map(n -> needs.taxonomy().subtheme(n.subtheme()).label(language)).toList();
            detail.append(String.join(", ", labels)).append('.');
        }
        c.put("detail", detail.toString());
        source(c, "OpenROM track rule");
        ArrayNode suggestions = c.putArray("suggestions");
        List<ServiceRequest> proposals = mapper.proposals(r.needs(), needs.taxonomy(), Optional.empty(),
                new org.hl7.fhir.r4.model.Reference().setDisplay("ROM progress status"));
        for (int i = 0; i < proposals.size() && i < 3; i++) {
            ServiceRequest s = proposals.get(i);
            s.setReasonReference(List.of());
            s.setId((String) null);
            CandidateIntervention ci = r.needs().interventions().get(i);
            Intervention iv = needs.taxonomy().interventions().stream().filter(x -> x.id().equals(ci.intervention()))
                    .findFirst().orElseThrow();
            ObjectNode sg = suggestions.addObject();
            sg.put("label", limit("Propose: " + iv.label(language)));
            sg.put("uuid", UUID.randomUUID().toString());
            ObjectNode action = sg.putArray("actions").addObject();
            action.put("type", "create");
            action.put("description", "A draft proposal (ServiceRequest, intent proposal) for the clinician to review");
            try {
                action.set("resource", json.readTree(mapper.toJson(s)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("HAPI wrote JSON Jackson cannot read", e);
            }
        }
        if (suggestions.isEmpty()) {
            c.remove("suggestions");
        } else {
            c.put("selectionBehavior", "at-most-one");
        }
        ArrayNode reasons = c.putArray("overrideReasons");
        for (String[] o : OVERRIDE_REASONS) {
            reasons.addObject().put("code", o[0]).put("system", OVERRIDE_SYSTEM).put("display", o[1]);
        }
        c.putArray("links").addObject().put("label", "NOT report").put("url", reportUrl).put("type", "absolute");
        return c;
    }

    private static void source(ObjectNode card, String label) {
        card.putObject("source").put("label", label);
    }

    /** A summary within CDS Hooks' 140 characters. */
    static String limit(String s) {
        return s.length() <= SUMMARY_LIMIT ? s : s.substring(0, SUMMARY_LIMIT - 1) + "…";
    }
}
