package org.openrom.fhir.measures;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasureResult;
import org.openrom.measures.MeasureSummary;
import org.openrom.measures.MeasurementPeriod;

/**
 * FHIR R4 {@code MeasureReport}s of the depression measures: one per patient ({@code individual}: the populations as
 * counts of 0 or 1, the age stratum, the records that decided it in {@code evaluatedResource}, the reason in an
 * extension) and one per cohort ({@code summary}: the counts, the performance rate as {@code measureScore}, the same
 * per age stratum). The population codes are those of the FHIR measure-population code system, as the published
 * Measure uses them. Thread-safe.
 */
public final class MeasureReports {
    /** The extension that carries a patient's result in one line. */
    public static final String REASON_EXTENSION = "https://openrom.org/fhir/StructureDefinition/measure-reason";
    /** The extension on a {@code measureScore} that carries the low end of the rate's Wilson 95% interval. */
    public static final String INTERVAL_LOW = "https://openrom.org/fhir/StructureDefinition/measure-score-low";
    /** The extension on a {@code measureScore} that carries the high end of the rate's Wilson 95% interval. */
    public static final String INTERVAL_HIGH = "https://openrom.org/fhir/StructureDefinition/measure-score-high";
    private static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";
    private static final Map<String, String> PUBLISHED = Map.of("cms159",
            "https://madie.cms.gov/Measure/DepressionRemissionatTwelveMonthsFHIR|0.2.000");
    private static final Pattern REFERENCE = Pattern.compile("[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\\-.]{1,64}");

    private MeasureReports() {
    }

    /**
     * @param measure the measure
     * @return the canonical URL of its FHIR Measure: the published one for CMS159, OpenROM's for the others
     */
    public static String measureUrl(EpisodeMeasure measure) {
        Objects.requireNonNull(measure, "measure");
        return PUBLISHED.getOrDefault(measure.id(), "https://openrom.org/fhir/Measure/" + measure.id());
    }

    /**
     * One patient's report.
     *
     * @param measure the measure
     * @param period the measurement period
     * @param result the patient's result
     * @return an {@code individual} MeasureReport
     */
    public static MeasureReport individual(EpisodeMeasure measure, MeasurementPeriod period, MeasureResult result) {
        Objects.requireNonNull(result, "result");
        MeasureReport r = report(measure, period, MeasureReport.MeasureReportType.INDIVIDUAL);
        r.setSubject(new Reference("Patient/" + result.patientId()));
        MeasureReport.MeasureReportGroupComponent g = r.addGroup();
        population(g, "initial-population", result.initialPopulation() ? 1 : 0);
        population(g, "denominator", result.denominator() ? 1 : 0);
        population(g, "denominator-exclusion", result.denominatorExclusion() ? 1 : 0);
        population(g, "numerator", result.numerator() ? 1 : 0);
        result.stratum().ifPresent(s -> g.addStratifier().addCode(new CodeableConcept().setText("age at index"))
                .addStratum().setValue(new CodeableConcept().setText(s)));
        for (String e : result.evidence()) {
            r.addEvaluatedResource(REFERENCE.matcher(e).matches() ? new Reference(e) : new Reference().setDisplay(e));
        }
        r.addExtension(new Extension(REASON_EXTENSION, new StringType(result.reason())));
        return r;
    }

    /**
     * A cohort's report.
     *
     * @param summary the summary
     * @return a {@code summary} MeasureReport
     */
    public static MeasureReport summary(MeasureSummary summary) {
        Objects.requireNonNull(summary, "summary");
        MeasureReport r = report(summary.measure(), summary.period(), MeasureReport.MeasureReportType.SUMMARY);
        MeasureReport.MeasureReportGroupComponent g = r.addGroup();
        MeasureSummary.Counts all = summary.total();
        population(g, "initial-population", all.initialPopulation());
        population(g, "denominator", all.denominator());
        population(g, "denominator-exclusion", all.exclusions());
        population(g, "numerator", all.numerator());
        score(all.rate(), g::setMeasureScore);
        if (!summary.strata().isEmpty()) {
            MeasureReport.MeasureReportGroupStratifierComponent st = g.addStratifier()
                    .addCode(new CodeableConcept().setText("age at index"));
            summary.strata().forEach((name, c) -> {
                MeasureReport.StratifierGroupComponent s = st.addStratum().setValue(new CodeableConcept().setText(name));
                stratumPopulation(s, "initial-population", c.initialPopulation());
                stratumPopulation(s, "denominator", c.denominator());
                stratumPopulation(s, "denominator-exclusion", c.exclusions());
                stratumPopulation(s, "numerator", c.numerator());
                score(c.rate(), s::setMeasureScore);
            });
        }
        return r;
    }

    private static MeasureReport report(EpisodeMeasure measure, MeasurementPeriod period,
            MeasureReport.MeasureReportType type) {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(period, "period");
        MeasureReport r = new MeasureReport();
        r.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
        r.setType(type);
        r.setMeasure(measureUrl(measure));
        r.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(period.start().toString()))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType(period.end().toString())));
        r.setImprovementNotation(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/measure-improvement-notation", "increase", "Increased score "
                + "indicates improvement")));
        return r;
    }

    private static void population(MeasureReport.MeasureReportGroupComponent g, String code, long count) {
        g.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION, code, null))).setCount(Math.toIntExact(count));
    }

    private static void stratumPopulation(MeasureReport.StratifierGroupComponent s, String code, long count) {
        s.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION, code, null))).setCount(Math.toIntExact(count));
    }

    private static void score(MeasureSummary.Rate rate, java.util.function.Consumer<Quantity> set) {
        if (Double.isNaN(rate.estimate())) {
            return;
        }
        Quantity q = new Quantity().setValue(BigDecimal.valueOf(rate.estimate()));
        q.addExtension(new Extension(INTERVAL_LOW, new org.hl7.fhir.r4.model.DecimalType(rate.low())));
        q.addExtension(new Extension(INTERVAL_HIGH, new org.hl7.fhir.r4.model.DecimalType(rate.high())));
        set.accept(q);
    }
}
