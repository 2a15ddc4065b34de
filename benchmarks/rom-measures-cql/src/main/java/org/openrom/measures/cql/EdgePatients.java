package org.openrom.measures.cql;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openrom.measures.MeasurePatient;
import org.openrom.measures.MeasurePatient.Assessment;
import org.openrom.measures.MeasurePatient.CareEvidence;
import org.openrom.measures.MeasurePatient.CareKind;
import org.openrom.measures.MeasurePatient.Diagnosis;
import org.openrom.measures.MeasurePatient.DiagnosisKind;
import org.openrom.measures.MeasurePatient.Tool;
import org.openrom.measures.MeasurePatient.Visit;
import org.openrom.measures.cql.PublishedCql.TestValueSets;

/**
 * Patients for a 2025 measurement period with the edges of CMS159 generated on purpose: visits ending on the first
 * and last days of the identification period and the days beside them, PHQ-9s 7 and 8 days before a visit and the
 * day after it, scores of 9 and 10, 4 and 5, outside 0..27, several on one day, PHQ-9M, birthdays on the index day
 * (ages 11/12 and 17/18), closing assessments 59, 60 and 61 days from the anniversary, diagnoses that start or end on
 * a visit's days, and every exclusion on the last day it counts and the day after. Each patient comes as the typed
 * facts OpenROM reads and as the FHIR R4 resources the published CQL reads, written from the same values.
 *
 * <p>Visits and diagnoses carry times of day, as EHRs record encounters, or, asked for, bare days (a
 * {@code Condition.onsetDateTime} is often a date alone), where the published logic leaves same-day comparisons
 * undecided.
 */
final class EdgePatients {
    static final LocalDate ID_START = LocalDate.of(2023, 11, 1);
    static final LocalDate ID_END = LocalDate.of(2024, 11, 1);

    /** One patient in both forms. */
    record Generated(MeasurePatient patient, List<Resource> resources) {
    }

    private final Random r;
    private final String id;
    private final List<Resource> resources = new ArrayList<>();
    private final List<Assessment> assessments = new ArrayList<>();
    private final List<Visit> visits = new ArrayList<>();
    private final List<Diagnosis> diagnoses = new ArrayList<>();
    private final List<CareEvidence> care = new ArrayList<>();
    private int n;

    private final boolean bareDays;

    private EdgePatients(long seed, boolean bareDays) {
        this.r = new Random(seed);
        this.id = "p" + seed;
        this.bareDays = bareDays;
    }

    /** A patient whose visits and diagnoses carry times of day. */
    static Generated patient(long seed) {
        return patient(seed, false);
    }

    /** A patient whose visits and diagnoses carry times of day, or are bare days. */
    static Generated patient(long seed, boolean bareDays) {
        return new EdgePatients(seed, bareDays).build();
    }

    private LocalDate pick(LocalDate... edges) {
        return edges[r.nextInt(edges.length)];
    }

    private Generated build() {
        LocalDate visitEnd = switch (r.nextInt(7)) {
            case 0 -> ID_START.plusDays(r.nextInt(4) - 2);
            case 1 -> ID_END.plusDays(r.nextInt(4) - 2);
            default -> LocalDate.of(2023, 9, 1).plusDays(r.nextInt(520));
        };
        LocalDate visitStart = r.nextInt(4) == 0 ? visitEnd.minusDays(r.nextInt(4)) : visitEnd;
        visit(visitStart, visitEnd);
        if (r.nextInt(3) == 0) {
            LocalDate other = LocalDate.of(2023, 9, 1).plusDays(r.nextInt(520));
            visit(other, other);
        }
        if (r.nextInt(8) > 0) {
            LocalDate onset = switch (r.nextInt(6)) {
                case 0 -> visitEnd;
                case 1 -> visitEnd.plusDays(1);
                case 2 -> visitStart;
                default -> visitStart.minusDays(1 + r.nextInt(400));
            };
            Optional<LocalDate> abatement = r.nextInt(4) > 0 ? Optional.empty()
                    : Optional.of(r.nextBoolean() ? pick(visitStart, visitStart.minusDays(1), visitEnd)
                            : onset.plusDays(r.nextInt(500)));
            if (abatement.isPresent() && abatement.get().isBefore(onset)) {
                abatement = Optional.of(onset);
            }
            diagnosis(r.nextInt(4) == 0 ? "dysthymia" : "major-depression", DiagnosisKind.DEPRESSION, onset, abatement);
        }
        LocalDate index = indexCandidates(visitStart, visitEnd);
        LocalDate windowEnd = closingCandidates(index.plusMonths(12));
        return finish(index, windowEnd);
    }

    /** Candidate index assessments around the visit; @return the earliest */
    private LocalDate indexCandidates(LocalDate visitStart, LocalDate visitEnd) {
        LocalDate index = null;
        for (int i = 0; i < 1 + r.nextInt(3); i++) {
            LocalDate day = switch (r.nextInt(6)) {
                case 0 -> visitStart.minusDays(7);
                case 1 -> visitStart.minusDays(8);
                case 2 -> visitEnd.plusDays(1);
                case 3 -> visitEnd;
                default -> visitStart.minusDays(r.nextInt(8));
            };
            int score = switch (r.nextInt(8)) {
                case 0 -> 9;
                case 1 -> 10;
                case 2 -> r.nextInt(40) == 0 ? 40 : 28;
                default -> r.nextInt(28);
            };
            assessment(day, score);
            if (index == null || day.isBefore(index)) {
                index = day;
            }
        }
        return index;
    }

    /** Candidate closing assessments around the anniversary; @return the window's last day */
    private LocalDate closingCandidates(LocalDate anchor) {
        for (int i = 0; i < r.nextInt(4); i++) {
            int[] edges = {-61, -60, -59, 59, 60, 61};
            int off = r.nextInt(5) < 2 ? edges[r.nextInt(edges.length)] : r.nextInt(140) - 70;
            LocalDate day = anchor.plusDays(off);
            int score = r.nextInt(3) == 0 ? 4 + r.nextInt(2) : r.nextInt(3) == 0 && r.nextInt(10) == 0 ? -1 : r.nextInt(28);
            assessment(day, score);
            if (r.nextInt(5) == 0) {
                assessment(day, r.nextInt(28)); // a second one that day, later
            }
        }
        return anchor.plusDays(60);
    }

    /** The birth, death and exclusions, and the Patient resource. */
    private Generated finish(LocalDate index, LocalDate windowEnd) {
        Optional<LocalDate> birth = r.nextInt(40) == 0 ? Optional.empty() : Optional.of(switch (r.nextInt(6)) {
            case 0 -> index.minusYears(12).plusDays(r.nextInt(3) - 1);
            case 1 -> index.minusYears(18).plusDays(r.nextInt(3) - 1);
            default -> index.minusYears(13 + r.nextInt(70)).minusDays(r.nextInt(365));
        });
        Optional<LocalDate> death = Optional.empty();
        if (r.nextInt(10) == 0) {
            death = Optional.of(pick(windowEnd, windowEnd.plusDays(1), windowEnd.minusDays(200)));
        }
        if (r.nextInt(10) == 0) {
            boolean hospice = r.nextBoolean();
            LocalDate start = pick(windowEnd, windowEnd.plusDays(1), ID_START.minusDays(10), ID_START.minusDays(30));
            LocalDate end = start.isAfter(ID_START) ? start.plusDays(r.nextInt(10))
                    : pick(ID_START, ID_START.minusDays(1), start);
            care(hospice ? CareKind.HOSPICE : CareKind.PALLIATIVE, start, end);
        }
        if (r.nextInt(12) == 0) {
            String[] codes = {"bipolar", "personality-labile", "psychotic", "pervasive-developmental"};
            DiagnosisKind[] kinds = {DiagnosisKind.BIPOLAR, DiagnosisKind.PERSONALITY_DISORDER,
                DiagnosisKind.PSYCHOTIC_DISORDER, DiagnosisKind.PERVASIVE_DEVELOPMENTAL_DISORDER};
            int k = r.nextInt(4);
            diagnosis(codes[k], kinds[k], pick(windowEnd, windowEnd.plusDays(1), index), Optional.empty());
        }
        Patient p = new Patient();
        p.setId(id);
        birth.ifPresent(b -> p.setBirthDateElement(new DateType(b.toString())));
        boolean timedDeath = r.nextBoolean();
        death.ifPresent(d -> p.setDeceased(timedDeath ? instant(d.atTime(15, 0)) : new DateTimeType(d.toString())));
        resources.add(0, p);
        return new Generated(new MeasurePatient(id, birth, death.map(d -> new MeasurePatient.Death(d, timedDeath)),
                assessments, visits, diagnoses, care), resources);
    }

    private String next() {
        return id + "-" + n++;
    }

    private static Date at(LocalDateTime t) {
        return Date.from(t.toInstant(ZoneOffset.UTC));
    }

    private static DateTimeType instant(LocalDateTime t) {
        DateTimeType d = new DateTimeType(at(t), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone("UTC"));
        return d;
    }

    private void visit(LocalDate start, LocalDate end) {
        String rid = next();
        visits.add(new Visit(rid, start, end, !bareDays));
        encounter(rid, "office-visit", start.atTime(9, 0), end.atTime(10, 0));
    }

    private void encounter(String rid, String code, LocalDateTime start, LocalDateTime end) {
        Encounter e = new Encounter();
        e.setId(rid);
        e.setStatus(Encounter.EncounterStatus.FINISHED);
        e.setSubject(new Reference("Patient/" + id));
        e.addType(new CodeableConcept(new Coding(TestValueSets.TEST, code, null)));
        boolean bare = bareDays && code.equals("office-visit");
        e.setPeriod(bare ? new Period().setStartElement(new DateTimeType(start.toLocalDate().toString()))
                .setEndElement(new DateTimeType(end.toLocalDate().toString()))
                : new Period().setStartElement(instant(start)).setEndElement(instant(end)));
        resources.add(e);
    }

    /**
     * Hospice or palliative evidence over the given days, as one of the resources the published logic reads: an
     * encounter, a procedure, a diagnosis, an assessment, an order or a discharge to hospice; with times, or for
     * palliative care sometimes as days alone.
     */
    private void care(CareKind kind, LocalDate start, LocalDate end) {
        String rid = next();
        boolean hospice = kind == CareKind.HOSPICE;
        boolean timed = hospice || r.nextInt(3) > 0;
        DateTimeType from = timed ? instant(start.atStartOfDay()) : new DateTimeType(start.toString());
        DateTimeType to = timed ? instant(end.atTime(23, 59, 59)) : new DateTimeType(end.toString());
        Reference subject = new Reference("Patient/" + id);
        switch (r.nextInt(hospice ? 6 : 4)) {
            case 0 -> {
                care.add(new CareEvidence(rid, kind, start, end, timed));
                Encounter e = new Encounter();
                e.setId(rid);
                e.setStatus(Encounter.EncounterStatus.FINISHED);
                e.setSubject(subject);
                e.addType(new CodeableConcept(new Coding(TestValueSets.TEST, hospice ? "hospice-encounter"
                        : "palliative-encounter", null)));
                e.setPeriod(new Period().setStartElement(from).setEndElement(to));
                resources.add(e);
            }
            case 1 -> {
                care.add(new CareEvidence(rid, kind, start, end, timed));
                Procedure p = new Procedure();
                p.setId(rid);
                p.setStatus(Procedure.ProcedureStatus.COMPLETED);
                p.setSubject(subject);
                p.setCode(new CodeableConcept(new Coding(TestValueSets.TEST, hospice ? "hospice-care"
                        : "palliative-intervention", null)));
                p.setPerformed(new Period().setStartElement(from).setEndElement(to));
                resources.add(p);
            }
            case 2 -> {
                boolean open = r.nextBoolean();
                care.add(new CareEvidence(rid, kind, start, open ? LocalDate.MAX : end, timed));
                Condition c = condition(rid, hospice ? "hospice-dx" : "palliative-dx");
                c.setOnset(from);
                if (!open) {
                    c.setAbatement(to);
                }
            }
            case 3 -> {
                care.add(new CareEvidence(rid, kind, start, start, timed));
                Observation o = new Observation();
                o.setId(rid);
                o.setStatus(Observation.ObservationStatus.FINAL);
                o.setSubject(subject);
                o.setCode(new CodeableConcept(new Coding(TestValueSets.LOINC, hospice ? "45755-6" : "71007-9", null)));
                if (hospice) {
                    o.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "373066001", null)));
                } else {
                    o.setValue(new IntegerType(40));
                }
                o.setEffective(timed ? instant(start.atTime(11, 0)) : new DateTimeType(start.toString()));
                resources.add(o);
            }
            case 4 -> hospiceOrder(rid, start, subject);
            default -> hospiceDischarge(rid, start, end, subject);
        }
    }

    private void diagnosis(String code, DiagnosisKind kind, LocalDate onset, Optional<LocalDate> abatement) {
        String rid = next();
        diagnoses.add(new Diagnosis(rid, kind, onset, abatement, !bareDays));
        Condition c = condition(rid, code);
        boolean bare = bareDays;
        c.setOnset(bare ? new DateTimeType(onset.toString()) : instant(onset.atStartOfDay()));
        abatement.ifPresent(a -> c.setAbatement(bare ? new DateTimeType(a.toString()) : instant(a.atTime(23, 59, 59))));
    }

    /** An active hospice order authored on {@code day}. */
    private void hospiceOrder(String rid, LocalDate day, Reference subject) {
        care.add(new CareEvidence(rid, CareKind.HOSPICE, day, day, true));
        ServiceRequest o = new ServiceRequest();
        o.setId(rid);
        o.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        o.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        o.setSubject(subject);
        o.setCode(new CodeableConcept(new Coding(TestValueSets.TEST, "hospice-care", null)));
        o.setAuthoredOnElement(instant(day.atTime(11, 0)));
        resources.add(o);
    }

    /** An inpatient stay that ends with a discharge to hospice: the day it ends counts. */
    private void hospiceDischarge(String rid, LocalDate start, LocalDate end, Reference subject) {
        care.add(new CareEvidence(rid, CareKind.HOSPICE, end, end, true));
        Encounter e = new Encounter();
        e.setId(rid);
        e.setStatus(Encounter.EncounterStatus.FINISHED);
        e.setSubject(subject);
        e.addType(new CodeableConcept(new Coding(TestValueSets.TEST, "inpatient", null)));
        e.setPeriod(new Period().setStartElement(instant(start.atTime(9, 0))).setEndElement(instant(end.atTime(16, 0))));
        e.getHospitalization().setDischargeDisposition(new CodeableConcept(new Coding("http://snomed.info/sct",
                "428361000124107", null)));
        resources.add(e);
    }

    /** A confirmed, active Condition of the patient, added to the resources. */
    private Condition condition(String rid, String code) {
        Condition c = new Condition();
        c.setId(rid);
        c.setSubject(new Reference("Patient/" + id));
        c.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
                "active", null)));
        c.setVerificationStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
        c.setCode(new CodeableConcept(new Coding(TestValueSets.TEST, code, null)));
        resources.add(c);
        return c;
    }

    private void assessment(LocalDate day, int score) {
        String rid = next();
        // distinct times, later for each one made, so that "the last" is never a tie
        LocalDateTime t = day.atTime(8, 0).plusMinutes(n);
        boolean phq9m = r.nextInt(5) == 0;
        assessments.add(new Assessment(rid, t, score, phq9m ? Tool.PHQ9M : Tool.PHQ9));
        Observation o = new Observation();
        o.setId(rid);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setSubject(new Reference("Patient/" + id));
        o.setCode(new CodeableConcept(new Coding(TestValueSets.LOINC, phq9m ? "89204-2" : "44261-6", null)));
        o.setEffective(instant(t));
        o.setValue(new IntegerType(score));
        resources.add(o);
    }
}
