package org.openrom.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.openrom.core.history.Assembly;
import org.openrom.core.history.DataIssue;
import org.openrom.core.history.HistoryAssembler;
import org.openrom.core.history.OccasionRule;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.needs.CandidateIntervention;
import org.openrom.core.needs.Intervention;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.safety.AlertWording;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.fhir.FhirMapper;
import org.openrom.report.ReportRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code patient-view} hook: the patient's QuestionnaireResponses and score Observations (prefetched by the EHR,
 * or fetched with its token) go through the one door ({@link PrefetchReader}, then {@link HistoryAssembler}), the rules
 * and the critical items are evaluated, and the cards say what needs attention: a critical card per safety alert of
 * any session not yet acknowledged, and per critical item that could not be read, always first; a NOT card when a rule
 * is Not On Track; a data card counting what was left out and why; nothing when all is well.
 */
final class PatientView {
    private static final Logger LOG = LoggerFactory.getLogger(PatientView.class);
    /** The service id. */
    static final String ID = "openrom-patient-view";
    /** CDS Hooks' limit on a card's summary. */
    static final int SUMMARY_LIMIT = 140;
    static final String OVERRIDE_SYSTEM = FhirMapper.DEFAULT_BASE + "/CodeSystem/cds-override-reason";


    /** @return the codes of the override reasons a card offers (in {@link #OVERRIDE_SYSTEM}) */
    static java.util.Set<String> overrideCodes() {
        return FhirMapper.overrideReasons().keySet();
    }

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
    private final CardText text;
    private final PrefetchReader reader;
    private final HistoryAssembler assembler;
    private final FeedbackStore feedback;
    private final ViewCache cache;

    PatientView(ObjectMapper json, InstrumentRegistry instruments, List<TrackRule> rules, NeedsEngine needs, FhirMapper mapper,
            AlertWording wording, String language, FeedbackStore feedback, ViewCache cache) {
        this.feedback = feedback;
        this.cache = cache;
        this.reader = new PrefetchReader(mapper);
        // an EHR's forms carry no session: the rank of the day; of two copies the later is used, every copy's alerts kept
        this.assembler = HistoryAssembler.builder(instruments).occasions(OccasionRule.rankOfDate())
                .duplicates(HistoryAssembler.Duplicates.KEEP_LATEST_ALERT_ALL)
                .precedence(HistoryAssembler.Precedence.RESPONSES).build();
        this.json = json;
        this.instruments = instruments;
        this.rules = rules;
        this.needs = needs;
        this.mapper = mapper;
        this.wording = wording;
        this.language = language;
        this.renderer = new ReportRenderer(needs, language).alertWording(wording);
        this.text = CardText.of(language);
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
        for (String[] key : PrefetchReader.KEYS) {
            pre.put(key[0], key[1]);
        }
        s.put("usageRequirements", "Prefetch both keys (newest first). Without a key, the service fetches it from "
                + "fhirServer with fhirAuthorization when given, and follows a paged search's next links the same way; "
                + "otherwise it says on a card that the history is incomplete, or answers 412 when it has nothing.");
        return s;
    }

    /** The request's envelope checked: a patient-view with its hookInstance, a valid patient id, an object prefetch. */
    private static String patientId(JsonNode request) throws BadRequest {
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
        if (patientId == null || patientId.isBlank() || !Administration.isValidId(Administration.normalizeId(patientId))) {
            throw new BadRequest("context.patientId: expected the patient's id");
        }
        JsonNode prefetch = request.path("prefetch");
        if (!prefetch.isMissingNode() && !prefetch.isNull() && !prefetch.isObject()) {
            throw new BadRequest("prefetch: expected an object");
        }
        return Administration.normalizeId(patientId);
    }

    /** @return the requests answered from the view cache since the start */
    long cacheHits() {
        return cache.hits();
    }

    /** Who acknowledged an alert through card feedback: the CDS Hooks feedback names no clinician, only the service. */
    static final String FEEDBACK_ACKNOWLEDGER = "cds-card-feedback";

    /**
     * The alerts no clinician has given feedback on yet (all of them when the store cannot be read: a card too many,
     * never one too few); {@code keys} receives each alert's key in the store, {@code done} an acknowledgement for each
     * alert whose card got feedback (by {@link #FEEDBACK_ACKNOWLEDGER}, at the feedback's time, the action
     * {@code card-accepted} or {@code card-overridden}), so that the report page agrees with the cards.
     */
    private List<SafetyAlert> unacknowledged(List<SafetyAlert> all, Map<SafetyAlert, String> keys,
            List<org.openrom.core.safety.Acknowledgement> done) {
        List<SafetyAlert> alerts = new ArrayList<>(all);
        if (feedback != null) {
            alerts.forEach(a -> keys.put(a, feedback.key(alertMaterial(a))));
            try {
                Map<String, FeedbackStore.Acknowledged> seen = feedback.acknowledged(keys.values());
                for (SafetyAlert a : all) {
                    FeedbackStore.Acknowledged f = seen.get(keys.get(a));
                    if (f != null) {
                        done.add(new org.openrom.core.safety.Acknowledgement(a.id(), FEEDBACK_ACKNOWLEDGER, f.at(),
                                Optional.of("card-" + f.outcome())));
                    }
                }
                alerts.removeIf(a -> seen.containsKey(keys.get(a)));
            } catch (java.sql.SQLException e) {
                LOG.warn("Could not read the feedback store; every critical answer is carded: {}", e.getClass().getSimpleName());
            }
        }
        return alerts;
    }

    /**
     * @param request the hook request
     * @param reportUrl the URL a NOT report will be served at
     * @param reportToken the report's token
     * @param now when the cards are issued (the service's clock)
     * @param maxPage the largest FHIR page fetched
     * @return the cards
     * @throws BadRequest when the request envelope does not fit (400), or nothing could be read (412)
     */
    Result evaluate(JsonNode request, String reportUrl, String reportToken, Instant now, int maxPage) throws BadRequest {
        String patientId = patientId(request);
        ViewCache.Entry computed = computed(patientId, request, maxPage);
        PrefetchReader.Read read = computed.read;
        List<DataIssue> issues = new ArrayList<>(read.issues());
        issues.addAll(computed.assembly.issues());

        ObjectNode body = json.createObjectNode();
        ArrayNode cards = body.putArray("cards");
        List<FeedbackStore.Card> issued = new ArrayList<>();
        // every critical answer of every session, until a clinician has given feedback on a card about it
        Map<SafetyAlert, String> keys = new java.util.HashMap<>();
        List<org.openrom.core.safety.Acknowledgement> done = new ArrayList<>();
        List<SafetyAlert> alerts = unacknowledged(computed.assembly.alerts(), keys, done);
        alerts.sort(Comparator.comparing(SafetyAlert::severity).thenComparing(SafetyAlert::occasion, Comparator.reverseOrder())
                .thenComparing(SafetyAlert::instrumentId).thenComparing(SafetyAlert::itemId));
        List<DataIssue> unreadable = issues.stream().filter(i -> i.code() == DataIssue.Code.CRITICAL_ITEM_UNREADABLE).toList();
        NotReport report = null;
        Optional<String> html = Optional.empty();
        if (computed.history.isPresent()) {
            ViewCache.Rendered r = rendered(computed, done, !alerts.isEmpty() || !unreadable.isEmpty());
            report = r.report();
            html = r.html();
        }
        boolean not = report != null && report.status() == TrackStatus.NOT_ON_TRACK;
        String link = html.isPresent() ? reportUrl : null;
        for (SafetyAlert a : alerts) {
            String uuid = cardId("critical\u0000" + alertMaterial(a));
            cards.add(criticalCard(uuid, a, link));
            issued.add(new FeedbackStore.Card(uuid, ID, "critical", a.code(), now, keys.get(a)));
        }
        for (DataIssue i : unreadable) {
            String uuid = UUID.randomUUID().toString();
            cards.add(unreadableCard(uuid, i, link));
            issued.add(new FeedbackStore.Card(uuid, ID, "critical", i.code().code(), now));
        }
        if (not) {
            // one card per patient, rule and turn to NOT: opening the chart again shows the same card, so that
            // "ignored" counts cards a clinician saw and left, not chart openings
            String uuid = cardId("not\u0000" + report.patientId() + "\u0000" + report.statusRule() + "\u0000"
                    + report.notSince());
            cards.add(notCard(uuid, report, reportUrl));
            issued.add(new FeedbackStore.Card(uuid, ID, "not", report.statusRule(), now));
        }
        List<DataIssue> others = issues.stream().filter(i -> i.code() != DataIssue.Code.CRITICAL_ITEM_UNREADABLE).toList();
        if (!others.isEmpty()) {
            String uuid = UUID.randomUUID().toString();
            cards.add(dataCard(uuid, others, read.resources()));
            issued.add(new FeedbackStore.Card(uuid, ID, "data", "data-issues", now));
        }
        LOG.debug("patient-view: {} resource(s), {} alert(s), {} data issue(s) {}", read.resources(), alerts.size(),
                issues.size(), counts(issues));
        return new Result(body, issued, html, reportToken);
    }

    /** What the prefetch gives (history, alerts, issues, tracks): from the cache when the same prefetch was seen. */
    private ViewCache.Entry computed(String patientId, JsonNode request, int maxPage) throws BadRequest {
        JsonNode prefetch = request.path("prefetch");
        Optional<ViewCache.Entry> hit = cache.get(patientId, prefetch);
        if (hit.isPresent()) {
            return hit.get();
        }
        PrefetchReader.Read read = reader.read(patientId, prefetch, FhirFetcher.of(request, maxPage, json));
        Assembly assembly = assembler.assemble(read.rows());
        Optional<PatientHistory> history = assembly.history(patientId);
        List<RuleTrack> tracks = history.isPresent() ? RuleTrack.evaluate(rules, history.get()) : List.of();
        ViewCache.Entry e = new ViewCache.Entry(prefetch, read, assembly, history, tracks);
        // a missing key or a next page: another request (with a token, or after the server changed) may read more
        if (read.prefetchOnly()) {
            cache.put(patientId, e);
        }
        return e;
    }

    /**
     * The NOT report, built with these acknowledgements so that the page says the same as the cards, and its page when
     * a card will link to it (NOT, an open alert or an unreadable critical answer); reused for the same acknowledgements.
     */
    private ViewCache.Rendered rendered(ViewCache.Entry computed, List<org.openrom.core.safety.Acknowledgement> done,
            boolean alerting) {
        Optional<ViewCache.Rendered> kept = computed.rendered(done);
        if (kept.isPresent() && kept.get().html().isPresent()
                == (alerting || kept.get().report().status() == TrackStatus.NOT_ON_TRACK)) {
            return kept.get();
        }
        PatientHistory h = computed.history.orElseThrow();
        NotReport report = new NotReportBuilder(instruments, rules, needs).acknowledgements(done).build(h, computed.tracks,
                h.lastOccasion());
        boolean linked = alerting || report.status() == TrackStatus.NOT_ON_TRACK;
        ViewCache.Rendered r = new ViewCache.Rendered(done, report, linked ? Optional.of(renderer.html(report))
                : Optional.empty());
        computed.rendered(r);
        return r;
    }

    /**
     * A card's stable identity: derived (by the store's keyed digest, which reveals nothing of the patient) from what
     * the card is about, so that every node and every chart opening gives the same card the same uuid; a random one
     * when there is no store.
     */
    private String cardId(String material) {
        if (feedback == null) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(feedback.key("card\u0000" + material).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .toString();
    }

    /** What identifies a critical answer across visits: the patient, the form, its day or session, the item and answer. */
    private static String alertMaterial(SafetyAlert a) {
        return String.join("\u0000", a.patientId(), a.instrumentId(), a.date().map(Object::toString)
                .orElse("#" + a.occasion()), a.itemId(), a.value().isPresent() ? String.valueOf(a.value().getAsInt()) : "-",
                a.code());
    }

    private static Map<String, Integer> counts(List<DataIssue> issues) {
        Map<String, Integer> out = new TreeMap<>();
        issues.forEach(i -> out.merge(i.code().code(), 1, Integer::sum));
        return out;
    }

    private ObjectNode dataCard(String uuid, List<DataIssue> issues, int resources) {
        ObjectNode c = json.createObjectNode();
        c.put("uuid", uuid);
        boolean incomplete = issues.stream().anyMatch(i -> i.code() == DataIssue.Code.INCOMPLETE);
        long left = issues.stream().filter(i -> i.code() != DataIssue.Code.INCOMPLETE).map(DataIssue::source).distinct().count();
        boolean warn = issues.stream().anyMatch(i -> i.severity() != org.openrom.core.safety.Severity.LOW);
        c.put("summary", limit(incomplete ? text.get("data.summary.incomplete") : text.get(resources == 1
                ? "data.summary.left-out.one" : "data.summary.left-out.many", "left", left, "resources", resources)));
        c.put("indicator", warn ? "warning" : "info");
        Map<DataIssue.Code, Integer> byCode = new java.util.EnumMap<>(DataIssue.Code.class);
        issues.forEach(i -> byCode.merge(i.code(), 1, Integer::sum));
        StringBuilder d = new StringBuilder(text.get("data.detail.heading")).append('\n');
        byCode.forEach((code, n) -> d.append("\n- `").append(code.code()).append("` × ").append(n).append(": ")
                .append(text.get("issue." + code.code())));
        d.append("\n\n").append(text.get("data.detail.footer"));
        c.put("detail", d.toString());
        source(c, text.get("source.data"));
        return c;
    }

    private ObjectNode unreadableCard(String uuid, DataIssue issue, String reportUrl) {
        ObjectNode c = json.createObjectNode();
        c.put("uuid", uuid);
        String item = issue.field().orElse(text.get("unreadable.item"));
        c.put("summary", limit(text.get("unreadable.summary", "item", item)));
        c.put("indicator", "critical");
        c.put("detail", text.get("unreadable.detail", "source", issue.source(), "item", item));
        source(c, text.get("source.critical", "code", issue.code().code()));
        if (reportUrl != null) {
            c.putArray("links").addObject().put("label", text.get("link.report")).put("url", reportUrl).put("type", "absolute");
        }
        return c;
    }

    /** A request that cannot be answered: 400 with the reason, or the status given (412: nothing to read). */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(String message) {
            this(400, message);
        }

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private ObjectNode criticalCard(String uuid, SafetyAlert a, String reportUrl) {
        ObjectNode c = json.createObjectNode();
        c.put("uuid", uuid);
        String when = a.occasion() >= 0
                ? a.date().map(d -> text.get("alert.when.session-date", "session", a.occasion(), "date", d))
                        .orElse(text.get("alert.when.session", "session", a.occasion()))
                : a.date().map(d -> text.get("alert.when.date", "date", d)).orElse(text.get("alert.when.unknown"));
        c.put("summary", limit(a.unanswered()
                ? text.get("alert.summary.unanswered", "instrument", a.instrumentId(), "item", a.itemId(), "when", when)
                : text.get("alert.summary.answered", "instrument", a.instrumentId(), "item", a.itemId(), "value",
                        a.value().getAsInt(), "when", when)));
        c.put("indicator", a.severity() == org.openrom.core.safety.Severity.HIGH ? "critical" : "warning");
        c.put("detail", wording.text(a, language, instruments.find(a.instrumentId()).map(i -> i.alertLabels(a, language)).orElse(null)));
        source(c, text.get("source.critical", "code", a.code()));
        if (reportUrl != null) {
            c.putArray("links").addObject().put("label", text.get("link.report")).put("url", reportUrl).put("type", "absolute");
        }
        return c;
    }

    private ObjectNode notCard(String uuid, NotReport r, String reportUrl) {
        ObjectNode c = json.createObjectNode();
        c.put("uuid", uuid);
        String reason = r.reasons().isEmpty() ? text.get("not.reason.none") : renderer.reason(r.reasons().get(0));
        c.put("summary", limit(text.get("not.summary", "reason", reason)));
        c.put("indicator", "warning");
        StringBuilder detail = new StringBuilder(text.get("not.detail.why")).append(' ');
        r.reasons().forEach(f -> detail.append(renderer.reason(f)).append(". "));
        detail.append("\n\n").append(text.get("not.detail.rule")).append(" `").append(r.statusRule()).append('`');
        if (r.persistent()) {
            detail.append(' ').append(text.get("not.detail.persistent", "sessions", r.consecutiveNot()));
        }
        if (!r.needs().needs().isEmpty()) {
            detail.append("\n\n").append(text.get("not.detail.needs")).append(' ');
            List<String> labels = r.needs().needs().stream().limit(3)
                    .map(n -> needs.taxonomy().subtheme(n.subtheme()).label(language)).toList();
            detail.append(String.join(", ", labels)).append('.');
        }
        c.put("detail", detail.toString());
        source(c, text.get("source.rule"));
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
            sg.put("label", limit(text.get("suggestion.label", "intervention", iv.label(language))));
            sg.put("uuid", UUID.randomUUID().toString());
            ObjectNode action = sg.putArray("actions").addObject();
            action.put("type", "create");
            action.put("description", text.get("suggestion.action"));
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
        // the reasons of the cds-override-reason code system rom fhir definitions writes
        // (the display in the card's language; the code system's own displays are English)
        FhirMapper.overrideReasons().keySet().forEach(code -> reasons.addObject().put("code", code)
                .put("system", OVERRIDE_SYSTEM).put("display", text.get("override." + code)));
        c.putArray("links").addObject().put("label", text.get("link.not-report")).put("url", reportUrl).put("type", "absolute");
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
