package org.openrom.fhir;

import static org.openrom.fhir.FhirMapper.FLAG_DETAIL;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Scale;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.needs.NeedsTaxonomy;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;

/**
 * Idempotent transaction Bundles: one per administration, or a patient's whole course; conditional creates on
 * business identifiers so that a replayed Bundle creates nothing twice. Part of {@link FhirMapper}.
 */
final class Bundles extends MapperSupport {
    private final Responses responses;
    private final ScoreObservations scores;
    private final StatusResources statuses;

    Bundles(Setup setup, Responses responses, ScoreObservations scores, StatusResources statuses) {
        super(setup);
        this.responses = responses;
        this.scores = scores;
        this.statuses = statuses;
    }

    /** Adds the alert resources of an administration: a DetectedIssue each, and the kind's Flag. */
    private void alerts(Bundle b, List<org.openrom.core.safety.SafetyAlert> alerts, Reference source,
            List<Reference> generated) {
        for (org.openrom.core.safety.SafetyAlert a : alerts) {
            Reference issue = add(b, statuses.alertIssue(a, source));
            generated.add(issue);
            generated.add(update(b, statuses.alertFlag(a, issue)));
        }
    }

    Bundle transaction(Administration administration, MonitorUpdate update, Optional<NeedsAssessment> needs,
            NeedsTaxonomy taxonomy) {
        return transaction(null, administration, update, needs, taxonomy);
    }

    Bundle transaction(QuestionnaireResponse original, Administration administration, MonitorUpdate update,
            Optional<NeedsAssessment> needs, NeedsTaxonomy taxonomy) {
        return transaction(original, administration, update, needs, taxonomy, null);
    }

    Bundle transaction(QuestionnaireResponse original, Administration administration, MonitorUpdate update,
            Optional<NeedsAssessment> needs, NeedsTaxonomy taxonomy, PatientHistory history) {
        java.util.Objects.requireNonNull(administration, "administration");
        java.util.Objects.requireNonNull(update, "update");
        java.util.Objects.requireNonNull(needs, "needs");
        java.util.Objects.requireNonNull(taxonomy, "taxonomy");
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.TRANSACTION);
        Optional<LocalDate> date = administration.date();
        Reference qrRef;
        String serverId = original == null || !original.hasIdElement() ? null : original.getIdElement().getIdPart();
        if (serverId != null && !serverId.isBlank() && FHIR_ID.matcher(serverId).matches()
                && !original.getIdElement().getValue().startsWith("urn:")) {
            qrRef = new Reference("QuestionnaireResponse/" + serverId);
        } else if (original != null) {
            QuestionnaireResponse copy = original.copy();
            copy.setId(uuid("qr", administration.patientId(), administration.instrumentId(),
                    String.valueOf(administration.occasion())));
            qrRef = add(b, copy);
        } else {
            qrRef = add(b, responses.questionnaireResponse(administration));
        }
        List<Reference> generated = new ArrayList<>();
        List<Reference> scoreRefs = new ArrayList<>();
        for (Observation o : scores.scoreObservations(update.scores(), qrRef)) {
            Reference r = add(b, o);
            scoreRefs.add(r);
            generated.add(r);
        }
        // safety alerts first among the findings, whatever the rules say
        alerts(b, update.alerts(), qrRef, generated);
        Reference firstNotStatus = null;
        for (TrackAssessment a : update.assessments()) {
            List<Reference> from = new ArrayList<>(scoreRefs);
            from.addAll(baselines(a, administration.patientId(), history));
            Reference sr = add(b, statuses.statusObservation(a, administration.patientId(), date, from));
            generated.add(sr);
            boolean became = update.transitions().stream().anyMatch(t -> t.becameNotOnTrack() && t.rule().equals(a.rule()));
            boolean ended = update.transitions().stream().anyMatch(t -> t.rule().equals(a.rule())
                    && t.from().orElse(null) == TrackStatus.NOT_ON_TRACK && t.to() != TrackStatus.NOT_ON_TRACK);
            if (ended) {
                // the status ended: the rule's Flag is closed (a conditional update of the one Flag of this rule)
                Flag f = statuses.flag(a, administration.patientId(), Optional.empty(), sr);
                f.setStatus(Flag.FlagStatus.INACTIVE);
                date.ifPresent(d -> f.setPeriod(new Period().setEndElement(new DateTimeType(d.toString()))));
                generated.add(update(b, f));
            }
            if (became) {
                // a conditional update, not a create: the one Flag of this rule is (re)activated
                generated.add(update(b, statuses.flag(a, administration.patientId(), date, sr)));
                generated.add(add(b, statuses.detectedIssue(a, administration.patientId(), date, sr)));
                if (firstNotStatus == null) {
                    firstNotStatus = sr;
                }
            }
        }
        if (needs.isPresent() && firstNotStatus != null) {
            for (ServiceRequest s : statuses.proposals(needs.get(), taxonomy, date, firstNotStatus)) {
                generated.add(add(b, s));
            }
        }
        if (!generated.isEmpty()) {
            add(b, statuses.provenance(generated, qrRef, date));
        }
        return b;
    }

    Bundle course(PatientHistory history, List<TrackAssessment> assessments) {
        java.util.Objects.requireNonNull(history, "history");
        java.util.Objects.requireNonNull(assessments, "assessments");
        Course c = new Course(history);
        c.administrations();
        c.storedScores();
        c.alerts();
        // per rule, in occasion order: status Observations, a DetectedIssue per turn to NOT, the Flag's final state
        java.util.Map<String, List<TrackAssessment>> byRule = new java.util.LinkedHashMap<>();
        for (TrackAssessment a : assessments) {
            byRule.computeIfAbsent(a.rule().spec(), k -> new ArrayList<>()).add(a);
        }
        byRule.values().forEach(c::rule);
        c.provenance();
        return c.b;
    }

    /** A patient's whole course as one transaction, built up part by part. */
    private final class Course {
        final PatientHistory history;
        final String patientId;
        final Bundle b = new Bundle();
        final java.util.Map<String, java.util.Map<Integer, Reference>> scoreRefs = new java.util.TreeMap<>();
        final java.util.TreeMap<Integer, LocalDate> dates = new java.util.TreeMap<>();
        final List<Reference> generated = new ArrayList<>();
        final List<Raised> alertsOf = new ArrayList<>();
        Reference firstSource;

        Course(PatientHistory history) {
            this.history = history;
            this.patientId = history.patientId();
            b.setType(Bundle.BundleType.TRANSACTION);
        }

        /** Each administration: its response, its score Observations, the alerts it raised. */
        void administrations() {
            for (int i = 0; i < history.administrations().size(); i++) {
                Administration adm = history.administrations().get(i);
                adm.date().ifPresent(d -> dates.putIfAbsent(adm.occasion(), d));
                Reference qr = add(b, responses.questionnaireResponse(adm));
                firstSource = firstSource == null ? qr : firstSource;
                for (org.openrom.core.safety.SafetyAlert alert : history.scores().get(i).alerts()) {
                    alertsOf.add(new Raised(alert, qr));
                }
                for (Observation o : scores.scoreObservations(history.scores().get(i), qr)) {
                    Reference r = add(b, o);
                    generated.add(r);
                    String scale = o.getCode().getCoding().stream().filter(c -> system("scale").equals(c.getSystem()))
                            .findFirst().orElseThrow().getCode();
                    scoreRefs.computeIfAbsent(scale, k -> new java.util.TreeMap<>()).put(adm.occasion(), r);
                }
            }
        }

        /** The scales known only as stored scores (score-level data): one score Observation per value. */
        void storedScores() {
            for (String scale : history.scales()) {
                if (scoreRefs.containsKey(scale)) {
                    continue; // scored from the administrations above
                }
                org.openrom.core.track.ScoreSeries series = history.series(scale);
                Scale installed = instruments.findScale(scale).orElse(null);
                for (int k = 0; k < series.size(); k++) {
                    Observation o = scores.scoreObservation(patientId, scale, installed, series.occasion(k),
                            Optional.ofNullable(dates.get(series.occasion(k))));
                    scores.scoreValue(o, scale, installed, series.value(k));
                    Reference r = add(b, o);
                    generated.add(r);
                    scoreRefs.computeIfAbsent(scale, x -> new java.util.TreeMap<>()).put(series.occasion(k), r);
                }
            }
        }

        /**
         * Safety alerts: a DetectedIssue each; one Flag per alert kind, carrying the latest (a transaction touches a
         * resource once).
         */
        void alerts() {
            java.util.Map<String, Raised> lastOfKind = new java.util.LinkedHashMap<>();
            for (Raised x : alertsOf) {
                Reference issue = add(b, statuses.alertIssue(x.alert(), x.reference()));
                generated.add(issue);
                lastOfKind.put(x.alert().code(), new Raised(x.alert(), issue));
            }
            for (Raised x : lastOfKind.values()) {
                generated.add(update(b, statuses.alertFlag(x.alert(), x.reference())));
            }
        }

        /** One rule's assessments in occasion order: status Observations, a DetectedIssue per turn to NOT, the Flag. */
        void rule(List<TrackAssessment> list) {
            list.sort(java.util.Comparator.comparingInt(TrackAssessment::occasion));
            TrackStatus previous = null;
            TrackAssessment lastTurn = null;
            Reference lastTurnStatus = null;
            Reference lastStatus = null;
            for (TrackAssessment a : list) {
                Optional<LocalDate> date = Optional.ofNullable(dates.get(a.occasion()));
                List<Reference> from = new ArrayList<>();
                for (String scale : new java.util.TreeSet<>(a.rule().parameters().values())) {
                    Reference r = scoreRefs.getOrDefault(scale, java.util.Map.of()).get(a.occasion());
                    if (r != null) {
                        from.add(r);
                    }
                }
                from.addAll(baselines(a, patientId, history));
                Reference sr = add(b, statuses.statusObservation(a, patientId, date, from));
                generated.add(sr);
                lastStatus = sr;
                if (a.status() == TrackStatus.NOT_ON_TRACK && previous != TrackStatus.NOT_ON_TRACK) {
                    generated.add(add(b, statuses.detectedIssue(a, patientId, date, sr)));
                    lastTurn = a;
                    lastTurnStatus = sr;
                }
                previous = a.status();
            }
            if (lastTurn != null) {
                generated.add(update(b, finalFlag(list.get(list.size() - 1), lastTurn, lastTurnStatus, lastStatus)));
            }
        }

        /** The Flag of the last turn to NOT: inactive, ending at the last session, when the rule is on track again. */
        Flag finalFlag(TrackAssessment last, TrackAssessment lastTurn, Reference lastTurnStatus, Reference lastStatus) {
            Flag f = statuses.flag(lastTurn, patientId, Optional.ofNullable(dates.get(lastTurn.occasion())), lastTurnStatus);
            if (last.status() != TrackStatus.NOT_ON_TRACK) {
                f.setStatus(Flag.FlagStatus.INACTIVE);
                f.getExtension().clear();
                f.addExtension(FLAG_DETAIL, lastStatus);
                LocalDate end = dates.get(last.occasion());
                if (end != null) {
                    (f.hasPeriod() ? f.getPeriod() : f.setPeriod(new Period()).getPeriod())
                            .setEndElement(new DateTimeType(end.toString()));
                }
            }
            return f;
        }

        /** The Provenance of everything generated, from the first response (or the score-level data). */
        void provenance() {
            if (!generated.isEmpty()) {
                add(b, statuses.provenance(generated, firstSource != null ? firstSource : new Reference().setDisplay(
                        "score-level data"), Optional.ofNullable(dates.isEmpty() ? null : dates.lastEntry().getValue())));
            }
        }
    }

    /** An alert and a resource it goes with (the response that raised it, or its DetectedIssue). */
    private record Raised(org.openrom.core.safety.SafetyAlert alert, Reference reference) {
    }

    /**
     * Logical references to the baseline score Observations of an assessment: for each rule parameter that names a
     * scale of the history, the scale's first occasion, when that is not the assessed one.
     */
    private List<Reference> baselines(TrackAssessment a, String patientId, PatientHistory history) {
        List<Reference> out = new ArrayList<>();
        if (history == null) {
            return out;
        }
        java.util.Set<String> scales = new java.util.TreeSet<>(a.rule().parameters().values());
        scales.retainAll(history.scales());
        for (String scale : scales) {
            org.openrom.core.track.ScoreSeries series = history.series(scale);
            if (series.size() > 0 && series.occasion(0) < a.occasion()) {
                int first = series.occasion(0);
                out.add(new Reference().setIdentifier(new Identifier().setSystem(base + "/identifier/observation")
                        .setValue(uuid("score", patientId, scale, String.valueOf(first))))
                        .setDisplay("baseline score, " + scale + ", occasion " + first));
            }
        }
        return out;
    }

    /**
     * Adds a resource as a conditional create: it carries a stable business identifier (system {@code
     * {base}/identifier/{type}}, value its deterministic id) and the request {@code ifNoneExist} names it, so a retried
     * or replayed Bundle creates nothing twice. A Provenance, which has no identifier, is a PUT of its deterministic id
     * (idempotent on servers that accept client ids).
     */
    private Reference add(Bundle b, Resource r) {
        String url = "urn:uuid:" + r.getIdElement().getIdPart();
        Bundle.BundleEntryRequestComponent req = b.addEntry().setFullUrl(url).setResource(r).getRequest();
        String system = identifierSystem(r);
        if (r instanceof QuestionnaireResponse q && q.hasIdentifier() && q.getIdentifier().hasValue()) {
            // the EHR's own response keeps its own identifier, and that identifier is the condition
            Identifier own = q.getIdentifier();
            req.setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType()).setIfNoneExist("identifier="
                    + (own.hasSystem() ? own.getSystem() + "|" : "") + own.getValue());
        } else if (identify(r, system)) {
            req.setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType()).setIfNoneExist("identifier=" + system + "|"
                    + r.getIdElement().getIdPart());
        } else {
            req.setMethod(Bundle.HTTPVerb.PUT).setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
        }
        return new Reference(url);
    }

    /** Adds a conditional update of the resource with the resource's business identifier. */
    private Reference update(Bundle b, Resource r) {
        String url = "urn:uuid:" + uuid("update", r.fhirType(), r.getIdElement().getIdPart());
        String system = identifierSystem(r);
        identify(r, system);
        r.setId((String) null);
        b.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(r.fhirType() + "?identifier=" + system + "|" + idOf(r, system));
        return new Reference(url);
    }

    /** @return the system of OpenROM's business identifiers of a resource type */
    private String identifierSystem(Resource r) {
        return base + "/identifier/" + r.fhirType().toLowerCase(java.util.Locale.ROOT);
    }

    private static String idOf(Resource r, String system) {
        List<Identifier> ids = r instanceof QuestionnaireResponse q ? List.of(q.getIdentifier()) : identifiers(r);
        for (Identifier i : ids == null ? List.<Identifier>of() : ids) {
            if (system.equals(i.getSystem())) {
                return i.getValue();
            }
        }
        throw new IllegalStateException("no OpenROM identifier on " + r.fhirType());
    }

    /** @return the (modifiable) identifier list of the emitted types that have one, or null */
    private static List<Identifier> identifiers(Resource r) {
        return r instanceof Observation o ? o.getIdentifier() : r instanceof Flag f ? f.getIdentifier()
                : r instanceof DetectedIssue d ? d.getIdentifier() : r instanceof ServiceRequest s ? s.getIdentifier() : null;
    }

    /** Gives the resource its business identifier (its id), once; false for types without identifiers. */
    private static boolean identify(Resource r, String system) {
        String value = r.getIdElement().getIdPart();
        Identifier id = new Identifier().setSystem(system).setValue(value);
        if (r instanceof QuestionnaireResponse q) {
            if (!q.hasIdentifier()) {
                q.setIdentifier(id);
            }
            return true;
        }
        List<Identifier> list = identifiers(r);
        if (list == null) {
            return false;
        }
        if (list.stream().noneMatch(i -> system.equals(i.getSystem()))) {
            list.add(id);
        }
        return true;
    }
}
