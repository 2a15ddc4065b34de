package org.openrom.fhir.measures;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;
import org.openrom.fhir.measures.MeasureValueSets.Role;
import org.openrom.measures.MeasurePatient;
import org.openrom.measures.MeasurePatient.Assessment;
import org.openrom.measures.MeasurePatient.CareEvidence;
import org.openrom.measures.MeasurePatient.CareKind;
import org.openrom.measures.MeasurePatient.Diagnosis;
import org.openrom.measures.MeasurePatient.DiagnosisKind;
import org.openrom.measures.MeasurePatient.Visit;

/**
 * The FHIR door of the depression measures: a patient's FHIR R4 resources read into the typed facts an
 * {@link org.openrom.measures.EpisodeMeasure} evaluates, qualifying each resource as the published CQL of CMS159 does.
 * <ul>
 * <li><b>assessments</b>: Observations coded in "PHQ 9 and PHQ 9M Tools", status final, amended or corrected, with a
 * number ({@code valueInteger} or {@code valueQuantity}); LOINC 89204-2 is the PHQ-9M;</li>
 * <li><b>visits</b>: finished Encounters typed in "Contact or Office Visit", with a start and an end;</li>
 * <li><b>diagnoses</b>: Conditions active (or recurrence, relapse) and confirmed, coded in the depression or the
 * excluded disorders' value sets, with an onset;</li>
 * <li><b>hospice</b>: a finished inpatient Encounter discharged to hospice (SNOMED 428361000124107, 428371000124100),
 * a hospice Encounter not cancelled, an Observation "Hospice care [Minimum Data Set]" (LOINC 45755-6) answered yes, an
 * active or completed hospice ServiceRequest order that is not "do not perform", a hospice Procedure that was done, a
 * hospice diagnosis; <b>palliative care</b>: a FACIT-Pal Observation (LOINC 71007-9), a palliative diagnosis, a
 * finished palliative Encounter, a palliative Procedure that was done;</li>
 * <li>the Patient's birth date and death ({@code deceasedDateTime}; a death recorded only as {@code true} has no day
 * the measure can compare, and is reported, not used).</li>
 * </ul>
 * A day is the date as written, in the value's own offset (never through the JVM's zone); a time of day orders
 * several assessments on one day and says whether a value was recorded with a time ({@link CareEvidence#timed()}).
 * Every resource that looks meant for the measure but cannot be used is reported in {@link Read#issues()}, by type,
 * id and reason, never by its values. Immutable and thread-safe.
 */
public final class MeasureFacts {
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String LOINC = "http://loinc.org";
    private static final Set<String> HOSPICE_DISCHARGE = Set.of("428361000124107", "428371000124100");
    private static final Set<String> ORDER_INTENTS = Set.of("order", "original-order", "reflex-order", "filler-order",
            "instance-order");

    private final MeasureValueSets vs;

    private MeasureFacts(MeasureValueSets vs) {
        this.vs = vs;
    }

    /**
     * @param valueSets the measures' value sets
     * @return the door
     */
    public static MeasureFacts using(MeasureValueSets valueSets) {
        return new MeasureFacts(Objects.requireNonNull(valueSets, "valueSets"));
    }

    /**
     * One patient's facts and what could not be used.
     *
     * @param patient the facts
     * @param issues each resource meant for the measure that could not be used: type, id and reason
     */
    public record Read(MeasurePatient patient, List<String> issues) {
        /** Copies. */
        public Read {
            Objects.requireNonNull(patient, "patient");
            issues = List.copyOf(issues);
        }
    }

    /**
     * Every patient of a bundle, and the resources that belong to none.
     *
     * @param patients each patient's facts, in the order the Patients come
     * @param unattached resources whose subject is no Patient of the bundle: type, id and reason (never guessed)
     */
    public record BundleRead(List<Read> patients, List<String> unattached) {
        /** Copies. */
        public BundleRead {
            patients = List.copyOf(patients);
            unattached = List.copyOf(unattached);
        }
    }

    /**
     * Reads every patient of a bundle (a searchset, a collection, a transaction): each Patient with the resources
     * whose subject refers to it ({@code Patient/id}).
     *
     * @param bundle the bundle
     * @return the patients and the resources that belong to none
     */
    public BundleRead read(Bundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        List<Resource> all = new ArrayList<>();
        bundle.getEntry().forEach(e -> {
            if (e.hasResource()) {
                all.add(e.getResource());
            }
        });
        Map<String, List<Resource>> byPatient = new LinkedHashMap<>();
        List<String> unattached = new ArrayList<>();
        for (Resource r : all) {
            if (r instanceof Patient p) {
                String id = p.getIdElement().getIdPart();
                if (id == null || byPatient.containsKey(id)) {
                    unattached.add("Patient/" + id + ": " + (id == null ? "a Patient without an id" : "the bundle holds "
                            + "this Patient twice; the first is used"));
                } else {
                    byPatient.put(id, new ArrayList<>(List.of(p)));
                }
            }
        }
        for (Resource r : all) {
            if (r instanceof Patient) {
                continue;
            }
            String subject = subject(r);
            List<Resource> list = subject == null ? null : byPatient.get(subject);
            if (list == null) {
                unattached.add(r.fhirType() + "/" + r.getIdElement().getIdPart() + ": its subject is no Patient of the bundle");
            } else {
                list.add(r);
            }
        }
        List<Read> out = new ArrayList<>();
        for (List<Resource> rs : byPatient.values()) {
            out.add(read(rs));
        }
        return new BundleRead(out, unattached);
    }

    /**
     * Reads one patient's resources: exactly one Patient and the resources about it.
     *
     * @param resources the resources
     * @return the facts and the issues
     * @throws IllegalArgumentException when there is not exactly one Patient among them
     */
    public Read read(Collection<? extends Resource> resources) {
        Objects.requireNonNull(resources, "resources");
        List<Patient> patients = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).toList();
        if (patients.size() != 1) {
            throw new IllegalArgumentException("resources: got " + patients.size() + " Patients, expected one");
        }
        Facts f = new Facts(patients.get(0));
        for (Resource r : resources) {
            f.take(r);
        }
        return f.read();
    }

    private static String subject(Resource r) {
        Reference ref = r instanceof Observation o ? o.getSubject() : r instanceof Encounter e ? e.getSubject()
                : r instanceof Condition c ? c.getSubject() : r instanceof Procedure p ? p.getSubject()
                : r instanceof ServiceRequest s ? s.getSubject() : null;
        if (ref == null || !ref.hasReference()) {
            return null;
        }
        String s = ref.getReference();
        return s.startsWith("Patient/") ? s.substring("Patient/".length()) : null;
    }

    /** One patient's facts while its resources are read. */
    private final class Facts {
        private final Patient patient;
        private final List<Assessment> assessments = new ArrayList<>();
        private final List<Visit> visits = new ArrayList<>();
        private final List<Diagnosis> diagnoses = new ArrayList<>();
        private final List<CareEvidence> care = new ArrayList<>();
        private final List<String> issues = new ArrayList<>();

        Facts(Patient patient) {
            this.patient = patient;
        }

        void take(Resource r) {
            String id = r.fhirType() + "/" + r.getIdElement().getIdPart();
            if (r instanceof Observation o) {
                observation(id, o);
            } else if (r instanceof Encounter e) {
                encounter(id, e);
            } else if (r instanceof Condition c) {
                condition(id, c);
            } else if (r instanceof Procedure p) {
                procedure(id, p);
            } else if (r instanceof ServiceRequest s) {
                serviceRequest(id, s);
            }
        }

        private void observation(String id, Observation o) {
            boolean done = o.getStatus() == Observation.ObservationStatus.FINAL
                    || o.getStatus() == Observation.ObservationStatus.AMENDED
                    || o.getStatus() == Observation.ObservationStatus.CORRECTED;
            if (vs.contains(Role.PHQ_9_AND_PHQ_9M_TOOLS, o.getCode())) {
                if (!done) {
                    return;
                }
                BaseDateTimeType at = start(o.getEffective());
                Double score = o.hasValueIntegerType() ? Double.valueOf(o.getValueIntegerType().getValue())
                        : o.hasValueQuantity() && o.getValueQuantity().hasValue()
                        ? o.getValueQuantity().getValue().doubleValue() : null;
                if (at == null || !hasDay(at)) {
                    issues.add(id + ": a PHQ-9 without an effective day");
                } else if (score == null || !Double.isFinite(score)) {
                    issues.add(id + ": a PHQ-9 without a number (valueInteger or valueQuantity)");
                } else {
                    boolean teen = o.getCode().getCoding().stream().anyMatch(c -> LOINC.equals(c.getSystem())
                            && "89204-2".equals(c.getCode()));
                    assessments.add(new Assessment(id, time(at), score, teen ? MeasurePatient.Tool.PHQ9M
                            : MeasurePatient.Tool.PHQ9));
                }
                return;
            }
            boolean hospice = hasCode(o.getCode(), LOINC, "45755-6") && o.hasValueCodeableConcept()
                    && hasCode(o.getValueCodeableConcept(), SNOMED, "373066001");
            boolean palliative = hasCode(o.getCode(), LOINC, "71007-9");
            if (done && (hospice || palliative)) {
                care(id, hospice ? CareKind.HOSPICE : CareKind.PALLIATIVE, o.getEffective());
            }
        }

        private void encounter(String id, Encounter e) {
            Encounter.EncounterStatus st = e.getStatus();
            boolean finished = st == Encounter.EncounterStatus.FINISHED;
            if (e.getType().stream().anyMatch(t -> vs.contains(Role.CONTACT_OR_OFFICE_VISIT, t)) && finished) {
                BaseDateTimeType s = e.getPeriod().getStartElement();
                BaseDateTimeType end = e.getPeriod().getEndElement();
                if (!hasDay(s) || !hasDay(end)) {
                    issues.add(id + ": a visit without a start and an end day");
                } else if (day(end).isBefore(day(s))) {
                    issues.add(id + ": a visit that ends before it starts");
                } else {
                    visits.add(new Visit(id, day(s), day(end), timed(s) && timed(end)));
                }
            }
            if (e.getType().stream().anyMatch(t -> vs.contains(Role.HOSPICE_ENCOUNTER, t))
                    && st != Encounter.EncounterStatus.CANCELLED && st != Encounter.EncounterStatus.ENTEREDINERROR
                    && st != Encounter.EncounterStatus.UNKNOWN && st != null) {
                care(id, CareKind.HOSPICE, e.getPeriod());
            }
            if (e.getType().stream().anyMatch(t -> vs.contains(Role.PALLIATIVE_CARE_ENCOUNTER, t)) && finished) {
                care(id, CareKind.PALLIATIVE, e.getPeriod());
            }
            if (e.getType().stream().anyMatch(t -> vs.contains(Role.ENCOUNTER_INPATIENT, t)) && finished
                    && e.getHospitalization().hasDischargeDisposition() && e.getHospitalization().getDischargeDisposition()
                    .getCoding().stream().anyMatch(c -> SNOMED.equals(c.getSystem())
                            && HOSPICE_DISCHARGE.contains(c.getCode()))) {
                BaseDateTimeType end = e.getPeriod().getEndElement();
                if (hasDay(end)) {
                    care.add(new CareEvidence(id, CareKind.HOSPICE, day(end), day(end), timed(end)));
                } else {
                    issues.add(id + ": a discharge to hospice without an end day");
                }
            }
        }

        private void condition(String id, Condition c) {
            boolean active = c.hasClinicalStatus() && c.getClinicalStatus().getCoding().stream()
                    .anyMatch(x -> Set.of("active", "recurrence", "relapse").contains(x.getCode()));
            boolean confirmed = c.hasVerificationStatus() && c.getVerificationStatus().getCoding().stream()
                    .anyMatch(x -> "confirmed".equals(x.getCode()));
            DiagnosisKind kind = vs.contains(Role.MAJOR_DEPRESSION, c.getCode()) || vs.contains(Role.DYSTHYMIA, c.getCode())
                    ? DiagnosisKind.DEPRESSION : vs.contains(Role.BIPOLAR_DISORDER, c.getCode()) ? DiagnosisKind.BIPOLAR
                    : vs.contains(Role.PERSONALITY_DISORDER_EMOTIONALLY_LABILE, c.getCode())
                    ? DiagnosisKind.PERSONALITY_DISORDER : vs.contains(Role.SCHIZOPHRENIA_OR_PSYCHOTIC_DISORDER,
                            c.getCode()) ? DiagnosisKind.PSYCHOTIC_DISORDER
                    : vs.contains(Role.PERVASIVE_DEVELOPMENTAL_DISORDER, c.getCode())
                    ? DiagnosisKind.PERVASIVE_DEVELOPMENTAL_DISORDER : null;
            CareKind care = vs.contains(Role.HOSPICE_DIAGNOSIS, c.getCode()) ? CareKind.HOSPICE
                    : vs.contains(Role.PALLIATIVE_CARE_DIAGNOSIS, c.getCode()) ? CareKind.PALLIATIVE : null;
            if (kind == null && care == null || !active || !confirmed) {
                return;
            }
            BaseDateTimeType onset = start(c.getOnset());
            BaseDateTimeType abatement = end(c.getAbatement());
            if (!hasDay(onset)) {
                issues.add(id + ": a diagnosis without an onset day");
                return;
            }
            LocalDate to = hasDay(abatement) ? day(abatement) : null;
            if (to != null && to.isBefore(day(onset))) {
                issues.add(id + ": a diagnosis that abates before its onset");
                return;
            }
            if (kind != null) {
                diagnoses.add(new Diagnosis(id, kind, day(onset), Optional.ofNullable(to), timed(onset)));
            }
            if (care != null) {
                this.care.add(new CareEvidence(id, care, day(onset), to == null ? LocalDate.MAX : to, timed(onset)));
            }
        }

        private void procedure(String id, Procedure p) {
            Procedure.ProcedureStatus st = p.getStatus();
            if (st == null || st == Procedure.ProcedureStatus.NOTDONE || st == Procedure.ProcedureStatus.ENTEREDINERROR
                    || st == Procedure.ProcedureStatus.UNKNOWN) {
                return;
            }
            if (vs.contains(Role.HOSPICE_CARE_AMBULATORY, p.getCode())) {
                care(id, CareKind.HOSPICE, p.getPerformed());
            } else if (vs.contains(Role.PALLIATIVE_CARE_INTERVENTION, p.getCode())) {
                care(id, CareKind.PALLIATIVE, p.getPerformed());
            }
        }

        private void serviceRequest(String id, ServiceRequest s) {
            if (!vs.contains(Role.HOSPICE_CARE_AMBULATORY, s.getCode())) {
                return;
            }
            boolean ordered = (s.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE
                    || s.getStatus() == ServiceRequest.ServiceRequestStatus.COMPLETED)
                    && s.getIntent() != null && ORDER_INTENTS.contains(s.getIntent().toCode()) && !s.getDoNotPerform();
            if (!ordered) {
                return;
            }
            if (hasDay(s.getAuthoredOnElement())) {
                LocalDate d = day(s.getAuthoredOnElement());
                care.add(new CareEvidence(id, CareKind.HOSPICE, d, d, timed(s.getAuthoredOnElement())));
            } else {
                issues.add(id + ": a hospice order without an authored day");
            }
        }

        private void care(String id, CareKind kind, Type when) {
            BaseDateTimeType s = start(when);
            BaseDateTimeType e = end(when);
            if (!hasDay(s)) {
                issues.add(id + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + " care without a day");
                return;
            }
            LocalDate to = when instanceof Period ? hasDay(e) ? day(e) : LocalDate.MAX : day(s);
            if (to.isBefore(day(s))) {
                issues.add(id + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + " care that ends before it starts");
                return;
            }
            care.add(new CareEvidence(id, kind, day(s), to, timed(s)));
        }

        Read read() {
            String id = patient.getIdElement().getIdPart();
            Optional<LocalDate> birth = patient.hasBirthDate() && patient.getBirthDateElement().getPrecision()
                    .ordinal() >= TemporalPrecisionEnum.DAY.ordinal() ? Optional.of(LocalDate.parse(
                            patient.getBirthDateElement().getValueAsString())) : Optional.empty();
            Optional<MeasurePatient.Death> death = Optional.empty();
            if (patient.hasDeceasedDateTimeType() && hasDay(patient.getDeceasedDateTimeType())) {
                BaseDateTimeType d = patient.getDeceasedDateTimeType();
                death = Optional.of(new MeasurePatient.Death(day(d), timed(d)));
            } else if (patient.hasDeceasedBooleanType() && patient.getDeceasedBooleanType().booleanValue()) {
                issues.add("Patient/" + id + ": deceased without a day, which the measure cannot compare (not excluded)");
            }
            return new Read(new MeasurePatient(id, birth, death, assessments, visits, diagnoses, care), issues);
        }
    }

    private static boolean hasCode(CodeableConcept cc, String system, String code) {
        return cc != null && cc.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
    }

    /** The start of a dateTime, Period or instant, or null. */
    private static BaseDateTimeType start(Type t) {
        return t instanceof BaseDateTimeType d ? d : t instanceof Period p ? p.getStartElement() : null;
    }

    /** The end of a Period, or the dateTime itself, or null. */
    private static BaseDateTimeType end(Type t) {
        return t instanceof BaseDateTimeType d ? d : t instanceof Period p ? p.getEndElement() : null;
    }

    private static boolean hasDay(BaseDateTimeType t) {
        return t != null && t.getValue() != null && t.getPrecision().ordinal() >= TemporalPrecisionEnum.DAY.ordinal();
    }

    /** The day as written, in the value's own offset. */
    private static LocalDate day(BaseDateTimeType t) {
        return LocalDate.parse(t.getValueAsString().substring(0, 10));
    }

    private static boolean timed(BaseDateTimeType t) {
        return t.getPrecision().ordinal() > TemporalPrecisionEnum.DAY.ordinal();
    }

    /** The date and time as written, in the value's own offset (a day alone: its start). */
    private static LocalDateTime time(BaseDateTimeType t) {
        String s = t.getValueAsString();
        return s.length() >= 19 ? LocalDateTime.parse(s.substring(0, 19))
                : s.length() >= 16 ? LocalDateTime.parse(s.substring(0, 16)) : day(t).atStartOfDay();
    }
}
