package org.openrom.fhir;

import static org.openrom.fhir.FhirMapper.FLAG_DETAIL;
import static org.openrom.fhir.FhirMapper.OCCASION_EXTENSION;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.openrom.core.needs.CandidateIntervention;
import org.openrom.core.needs.Intervention;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.needs.NeedsTaxonomy;
import org.openrom.core.track.Finding;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;

/**
 * What a track assessment and a safety alert become in FHIR: the status Observation, Flags, DetectedIssues, the
 * add-on proposals (ServiceRequests) and Provenance. Part of {@link FhirMapper}.
 */
final class StatusResources extends MapperSupport {
    StatusResources(Setup setup) {
        super(setup);
    }

    Observation statusObservation(TrackAssessment a, String patientId, Optional<LocalDate> date,
            List<Reference> derivedFrom) {
        java.util.Objects.requireNonNull(a, "a");
        Observation o = new Observation();
        o.setId(uuid("status", patientId, a.rule().spec(), String.valueOf(a.occasion())));
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "survey", "Survey")));
        o.setCode(new CodeableConcept(new Coding(system("rom-status"), "rom-progress-status", "ROM progress status"))
                .setText("ROM progress status"));
        o.setSubject(patient(patientId));
        o.addExtension(OCCASION_EXTENSION, new IntegerType(a.occasion()));
        date.ifPresent(d -> o.setEffective(new DateTimeType(d.toString())));
        String code = a.status() == TrackStatus.ON_TRACK ? "on-track" : a.status() == TrackStatus.NOT_ON_TRACK ? "not-on-track"
                : "insufficient-data";
        o.setValue(new CodeableConcept(new Coding(system("rom-status"), code, code.replace('-', ' '))));
        // what the rule found, in OpenROM's own codes (one per reason); a direction only where the rule measured a
        // worsening (a flat series flagged for no change is not "worse", and being on track is not "better")
        CodeableConcept found = new CodeableConcept();
        for (Finding f : a.reasons()) {
            found.addCoding(new Coding(system("rom-finding"), f.code(), f.code().replace('-', ' ')));
        }
        if (a.reasons().stream().anyMatch(f -> WORSENING.contains(f.code()))) {
            found.addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "W", "Worse"));
        }
        if (!found.getCoding().isEmpty()) {
            o.addInterpretation(found);
        }
        if (a.expectedBand().isPresent()) {
            // the expected band is a pair of numbers beside a coded value: components, not a reference range
            o.addComponent().setCode(new CodeableConcept(new Coding(system("rom-status"), "expected-low",
                    "expected score, lower bound"))).setValue(new Quantity().setValue(BigDecimal.valueOf(
                            a.expectedBand().get().low())).setUnit("{score}").setSystem("http://unitsofmeasure.org")
                            .setCode("{score}"));
            o.addComponent().setCode(new CodeableConcept(new Coding(system("rom-status"), "expected-high",
                    "expected score, upper bound"))).setValue(new Quantity().setValue(BigDecimal.valueOf(
                            a.expectedBand().get().high())).setUnit("{score}").setSystem("http://unitsofmeasure.org")
                            .setCode("{score}"));
        }
        o.setMethod(new CodeableConcept(new Coding(system("rule"), a.rule().id(), a.rule().id()))
                .setText(a.rule().spec() + " (v" + a.rule().version() + ")"));
        for (Finding f : a.reasons()) {
            o.addNote().setText(f.sentence());
        }
        derivedFrom.forEach(o::addDerivedFrom);
        return o;
    }

    Flag flag(TrackAssessment a, String patientId, Optional<LocalDate> date, Reference status) {
        java.util.Objects.requireNonNull(a, "a");
        Flag f = new Flag();
        // one Flag per patient and rule: it is reactivated, never piled up (the id does not depend on the occasion)
        f.setId(uuid("flag", patientId, a.rule().spec()));
        f.setStatus(Flag.FlagStatus.ACTIVE);
        f.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/flag-category", "clinical",
                "Clinical")));
        f.setCode(new CodeableConcept(new Coding(system("rom-status"), "not-on-track", "not on track"))
                .setText("Not On Track (" + a.rule().id() + ")"));
        f.setSubject(patient(patientId));
        date.ifPresent(d -> f.setPeriod(new Period().setStartElement(new DateTimeType(d.toString()))));
        f.addExtension(FLAG_DETAIL, status);
        return f;
    }

    DetectedIssue detectedIssue(TrackAssessment a, String patientId, Optional<LocalDate> date, Reference status) {
        java.util.Objects.requireNonNull(a, "a");
        StringBuilder detail = new StringBuilder();
        for (Finding f : a.reasons()) {
            detail.append(detail.length() == 0 ? "" : " ").append(f.sentence());
        }
        return issue(uuid("issue", patientId, a.rule().spec(), String.valueOf(a.occasion())),
                new CodeableConcept(new Coding(system("rom-status"), "not-on-track", "not on track")), patientId, date,
                detail.toString(), status);
    }

    /** A final DetectedIssue about a patient, with its detail and one piece of evidence. */
    private DetectedIssue issue(String id, CodeableConcept code, String patientId, Optional<LocalDate> date, String detail,
            Reference evidence) {
        DetectedIssue d = new DetectedIssue();
        d.setId(id);
        d.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        d.setCode(code);
        d.setPatient(patient(patientId));
        date.ifPresent(x -> d.setIdentified(new DateTimeType(x.toString())));
        d.setDetail(detail);
        d.addEvidence().addDetail(evidence);
        return d;
    }

    DetectedIssue alertIssue(org.openrom.core.safety.SafetyAlert alert, Reference source) {
        java.util.Objects.requireNonNull(alert, "alert");
        java.util.Objects.requireNonNull(source, "source");
        DetectedIssue d = issue(uuid("alert", alert.patientId(), alert.code(), String.valueOf(alert.occasion())),
                new CodeableConcept(new Coding(system("rom-alert"), alert.code(), alert.code().replace('-', ' ')))
                        .setText("Safety alert: " + alert.instrumentId() + " item " + alert.itemId()),
                alert.patientId(), alert.date(), org.openrom.core.safety.AlertWording.neutral().text(alert, "en",
                        instruments.find(alert.instrumentId()).map(i -> i.alertLabels(alert, "en")).orElse(null)), source);
        d.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(alert.severity().code()));
        return d;
    }

    Flag alertFlag(org.openrom.core.safety.SafetyAlert alert, Reference issue) {
        java.util.Objects.requireNonNull(alert, "alert");
        java.util.Objects.requireNonNull(issue, "issue");
        Flag f = new Flag();
        f.setId(uuid("alert-flag", alert.patientId(), alert.code()));
        f.setStatus(Flag.FlagStatus.ACTIVE);
        f.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/flag-category", "safety",
                "Safety")));
        f.setCode(new CodeableConcept(new Coding(system("rom-alert"), alert.code(), alert.code().replace('-', ' ')))
                .setText("Safety alert (" + alert.severity().code() + "): " + alert.instrumentId() + " item "
                        + alert.itemId()));
        f.setSubject(patient(alert.patientId()));
        alert.date().ifPresent(d -> f.setPeriod(new Period().setStartElement(new DateTimeType(d.toString()))));
        f.addExtension(FLAG_DETAIL, issue);
        return f;
    }

    /**
     * The alert's Flag with its acknowledgement: inactive from the day a clinician acknowledged it (the period's end,
     * a day like its start). Who acknowledged it and what was done stay in the monitor's state and on the pages: standard Flag elements
     * have no place for them, and an extension of our own would fail a strict validator.
     */
    Flag alertFlag(org.openrom.core.safety.TrackedAlert tracked, Reference issue) {
        java.util.Objects.requireNonNull(tracked, "alert");
        Flag f = alertFlag(tracked.alert(), issue);
        tracked.acknowledgement().ifPresent(a -> {
            f.setStatus(Flag.FlagStatus.INACTIVE);
            Period p = f.hasPeriod() ? f.getPeriod() : f.setPeriod(new Period()).getPeriod();
            // the day, as the start is a day: a time on the start's day would make the period's order undecidable (per-1)
            p.setEndElement(new DateTimeType(a.at().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString()));
        });
        return f;
    }

    List<ServiceRequest> proposals(NeedsAssessment needs, NeedsTaxonomy taxonomy, Optional<LocalDate> date,
            Reference status) {
        List<ServiceRequest> out = new ArrayList<>();
        for (CandidateIntervention c : needs.interventions()) {
            Intervention iv = taxonomy.interventions().stream().filter(i -> i.id().equals(c.intervention())).findFirst()
                    .orElseThrow();
            ServiceRequest s = new ServiceRequest();
            // one proposal per patient and intervention, whichever Bundle proposes it first
            s.setId(uuid("proposal", needs.patientId(), c.intervention()));
            s.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
            s.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
            s.setCode(new CodeableConcept(new Coding(system("intervention"), iv.id(), iv.label("en"))).setText(iv.label("en")));
            s.setSubject(patient(needs.patientId()));
            date.ifPresent(d -> s.setAuthoredOnElement(new DateTimeType(d.toString())));
            s.addReasonReference(status);
            List<String> labels = c.serves().stream().map(x -> taxonomy.subtheme(x).label("en")).toList();
            s.addNote().setText("Serves possible needs: " + String.join(", ", labels) + " (" + needs.taxonomy()
                    + "; a hypothesis for the clinician, not a diagnosis).");
            out.add(s);
        }
        return out;
    }

    Provenance provenance(List<Reference> targets, Reference source, Optional<LocalDate> date) {
        java.util.Objects.requireNonNull(targets, "targets");
        java.util.Objects.requireNonNull(source, "source");
        java.util.Objects.requireNonNull(date, "date");
        Provenance p = new Provenance();
        // the id follows from what it is about (targets and source), so two patients' Provenances never share one
        List<String> parts = new ArrayList<>(List.of("provenance", source.getReference() == null ? "" : source.getReference(),
                date.map(LocalDate::toString).orElse("")));
        targets.forEach(t -> parts.add(t.getReference() == null ? "" : t.getReference()));
        p.setId(uuid(parts.toArray(new String[0])));
        targets.forEach(p::addTarget);
        p.setRecordedElement(now());
        Provenance.ProvenanceAgentComponent agent = p.addAgent();
        agent.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                "assembler", "Assembler")));
        agent.setWho(new Reference().setDisplay("OpenROM " + version));
        p.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(source);
        return p;
    }
}
