package org.openrom.measures.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasureResult;
import org.openrom.measures.MeasurementPeriod;

/**
 * CMS159 in rom-measures puts every generated patient in the same populations as the published CQL run by the
 * reference engine. The CQL's population expressions are nested as a proportion measure nests them (the
 * denominator within the initial population, exclusions within the denominator, the numerator within the
 * denominator and outside the exclusions); a {@code null} is "not a member", as the engine's measure evaluation
 * reads it.
 */
@Tag("slow")
class Cms159AgreementTest {
    static final int PATIENTS = Integer.getInteger("openrom.cql.patients", 10_000);

    @Test
    void everyPatientIsInTheSamePopulationsAsThePublishedCqlPutsThem() {
        Edges edges = agree(false);
        // every edge the generator aims at was met, several times
        assertThat(edges.met).as("edges met").allSatisfy((edge, n) -> assertThat(n).as(edge).isGreaterThanOrEqualTo(3))
                .containsKeys(Edges.ALL.toArray(String[]::new));
    }

    @Test
    void withVisitsAndDiagnosesRecordedAsBareDaysToo() {
        // the published logic leaves same-day comparisons of a bare day with an instant undecided; OpenROM follows it
        Edges edges = agree(true);
        assertThat(edges.met).containsKeys("visit ending on the period's first day", "visit ending on the period's last day",
                "diagnosis ending on a visit's day", "remission");
    }

    /** Runs both over the generated patients, asserts that they agree, and returns the edges met. */
    private static Edges agree(boolean bareDays) {
        PublishedCql cql = new PublishedCql(2025);
        org.openrom.fhir.measures.MeasureFacts door = org.openrom.fhir.measures.MeasureFacts.using(
                PublishedCql.TestValueSets.forTheDoor());
        MeasurementPeriod mp = MeasurementPeriod.year(2025);
        List<String> disagreements = new ArrayList<>();
        Edges edges = new Edges();
        int[] counts = new int[4];
        for (long seed = 1; seed <= PATIENTS; seed++) {
            EdgePatients.Generated g = EdgePatients.patient(seed, bareDays);
            cql.add(g.patient().patientId(), g.resources());
            Map<String, Object> c = cql.populations(g.patient().patientId());
            boolean ip = Boolean.TRUE.equals(c.get("Initial Population"));
            boolean den = ip && Boolean.TRUE.equals(c.get("Denominator"));
            boolean excl = den && Boolean.TRUE.equals(c.get("Denominator Exclusions"));
            boolean num = den && !excl && Boolean.TRUE.equals(c.get("Numerator"));
            MeasureResult o = EpisodeMeasure.CMS159.evaluate(g.patient(), mp);
            String cqlSays = ip + "/" + den + "/" + excl + "/" + num;
            String romSays = o.initialPopulation() + "/" + o.denominator() + "/" + o.denominatorExclusion() + "/"
                    + o.numerator();
            if (!cqlSays.equals(romSays)) {
                disagreements.add(g.patient().patientId() + ": cql " + cqlSays + " rom " + romSays + " (" + o.reason()
                        + ")");
            }
            // the FHIR door, on the very resources the engine read
            var read = door.read(g.resources());
            MeasureResult d = EpisodeMeasure.CMS159.evaluate(read.patient(), mp);
            String doorSays = d.initialPopulation() + "/" + d.denominator() + "/" + d.denominatorExclusion() + "/"
                    + d.numerator();
            if (!cqlSays.equals(doorSays) || !read.issues().isEmpty()) {
                disagreements.add(g.patient().patientId() + ": cql " + cqlSays + " FHIR door " + doorSays + " ("
                        + d.reason() + ") " + read.issues());
            }
            edges.count(g.patient(), o);
            edges.countYoung(g.patient(), o);
            if (o.denominatorExclusion()) {
                for (var res : g.resources()) {
                    if (o.evidence().contains(res.getIdElement().getIdPart())
                            && !(res instanceof org.hl7.fhir.r4.model.Patient)) {
                        edges.hit("excluded by " + res.fhirType());
                    }
                }
            }
            if (g.patient().care().stream().anyMatch(x -> !x.timed())) {
                edges.hit("untimed palliative care");
            }
            counts[0] += ip ? 1 : 0;
            counts[1] += den ? 1 : 0;
            counts[2] += excl ? 1 : 0;
            counts[3] += num ? 1 : 0;
        }
        System.out.println("CMS159 over " + PATIENTS + " generated patients" + (bareDays ? " (bare-day visits and "
                + "diagnoses)" : "") + ": initial population " + counts[0]
                + ", denominator " + counts[1] + ", exclusions " + counts[2] + ", numerator " + counts[3]
                + "; disagreements " + disagreements.size());
        System.out.println("edges met: " + edges.met);
        assertThat(disagreements).as("patients the two put in different populations").isEmpty();
        // the generated edges reach every population
        assertThat(counts[0]).isGreaterThan(PATIENTS / 10);
        assertThat(counts[2]).isGreaterThan(PATIENTS / 200);
        assertThat(counts[3]).isGreaterThan(PATIENTS / 100);
        return edges;
    }

    /** Counts the edges of the definition the generated patients reach, so that the agreement is known to cover them. */
    static final class Edges {
        static final List<String> ALL = List.of("closing on the window's first day", "closing on the window's last day",
                "assessment a day outside the window", "index 7 days before the visit", "PHQ-9 8 days before the visit",
                "several PHQ-9s on the closing day", "PHQ-9M index of an adolescent", "aged 12 on the index day",
                "aged 11, 12 the day after", "aged 18 on the index day", "visit ending on the period's first day",
                "visit ending on the period's last day", "visit ending the day after the period",
                "diagnosis ending on a visit's day", "diagnosis starting the day after a visit", "index score outside 0..27",
                "excluded: hospice", "excluded: palliative-care", "excluded: died", "excluded: mental-health-disorder",
                "timed death on the window's last day", "remission", "index score 10", "index candidate scored 9",
                "excluded by Encounter", "excluded by Procedure", "excluded by Condition", "excluded by Observation",
                "excluded by ServiceRequest", "untimed palliative care");
        final java.util.Map<String, Integer> met = new java.util.TreeMap<>();

        void hit(String edge) {
            met.merge(edge, 1, Integer::sum);
        }

        void count(org.openrom.measures.MeasurePatient p, MeasureResult o) {
            for (var v : p.visits()) {
                if (v.end().equals(EdgePatients.ID_START)) {
                    hit("visit ending on the period's first day");
                }
                if (v.end().equals(EdgePatients.ID_END.minusDays(1))) {
                    hit("visit ending on the period's last day");
                }
                if (v.end().equals(EdgePatients.ID_END)) {
                    hit("visit ending the day after the period");
                }
                for (var d : p.diagnoses()) {
                    if (d.abatement().isPresent() && !d.abatement().get().isBefore(v.start())
                            && !d.abatement().get().isAfter(v.end())) {
                        hit("diagnosis ending on a visit's day");
                    }
                    if (d.onset().equals(v.end().plusDays(1))) {
                        hit("diagnosis starting the day after a visit");
                    }
                }
                for (var a : p.assessments()) {
                    if (a.date().equals(v.start().minusDays(8)) && a.score() > 9) {
                        hit("PHQ-9 8 days before the visit");
                    }
                    if (a.score() == 9 && !a.date().isBefore(v.start().minusDays(7)) && !a.date().isAfter(v.end())) {
                        hit("index candidate scored 9");
                    }
                }
            }
            o.exclusions().forEach(x -> hit("excluded: " + x));
            if (o.numerator()) {
                hit("remission");
            }
            if (o.index().isEmpty() || !o.initialPopulation()) {
                return;
            }
            var ix = o.index().get();
            var anchor = ix.date().plusMonths(12);
            if (ix.score() == 10) {
                hit("index score 10");
            }
            if (ix.score() > 27) {
                hit("index score outside 0..27");
            }
            if (p.visits().stream().anyMatch(v -> ix.date().equals(v.start().minusDays(7)))) {
                hit("index 7 days before the visit");
            }
            if (o.stratum().orElse("").equals("12-17") && ix.tool() == org.openrom.measures.MeasurePatient.Tool.PHQ9M) {
                hit("PHQ-9M index of an adolescent");
            }
            var birth = p.birthDate().orElseThrow();
            if (birth.plusYears(12).equals(ix.date())) {
                hit("aged 12 on the index day");
            }
            if (birth.plusYears(18).equals(ix.date())) {
                hit("aged 18 on the index day");
            }
            p.death().filter(d -> d.timed() && d.day().equals(anchor.plusDays(60)))
                    .ifPresent(d -> hit("timed death on the window's last day"));
            for (var a : p.assessments()) {
                if (a.date().equals(anchor.minusDays(61)) || a.date().equals(anchor.plusDays(61))) {
                    hit("assessment a day outside the window");
                }
            }
            o.closing().ifPresent(c -> {
                if (c.date().equals(anchor.minusDays(60))) {
                    hit("closing on the window's first day");
                }
                if (c.date().equals(anchor.plusDays(60))) {
                    hit("closing on the window's last day");
                }
                if (p.assessments().stream().filter(a -> a.date().equals(c.date())).count() > 1) {
                    hit("several PHQ-9s on the closing day");
                }
            });
        }

        /** The patient aged 11 on the index day who turns 12 the next day (counted before the population test). */
        void countYoung(org.openrom.measures.MeasurePatient p, MeasureResult o) {
            if (o.index().isPresent() && p.birthDate().isPresent()
                    && p.birthDate().get().plusYears(12).equals(o.index().get().date().plusDays(1))) {
                hit("aged 11, 12 the day after");
            }
        }
    }
}
