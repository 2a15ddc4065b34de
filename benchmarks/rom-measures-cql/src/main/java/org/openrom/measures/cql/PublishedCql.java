package org.openrom.measures.cql;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.retrieve.RetrieveProvider;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.opencds.cqf.cql.engine.terminology.CodeSystemInfo;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;

/**
 * The published CQL of CMS159 (DepressionRemissionatTwelveMonthsFHIR 0.2.000 with FHIRHelpers 4.4.000, QICoreCommon
 * 2.1.000 and SupplementalDataElements 3.5.000, copied unchanged from the measure's MAT export) run by the reference
 * CQL engine over in-memory FHIR R4 resources, one patient at a time. The value sets are the test's own expansions
 * ({@link TestValueSets}): the check is of the logic, not of the national terminology.
 */
final class PublishedCql {
    static final String LIBRARY = "DepressionRemissionatTwelveMonthsFHIR";
    static final Set<String> POPULATIONS = Set.of("Initial Population", "Denominator", "Denominator Exclusions",
            "Numerator");

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final FhirTerser terser = fhir.newTerser();
    private final LibraryManager libraries;
    private final Map<String, List<Resource>> byPatient = new HashMap<>();
    private final Map<String, Object> parameters;
    private final CqlEngine engine;

    PublishedCql(int year) {
        ModelManager models = new ModelManager();
        libraries = new LibraryManager(models, CqlCompilerOptions.defaultOptions());
        libraries.getLibrarySourceLoader().registerProvider(id -> source(id));
        parameters = Map.of("Measurement Period", new Interval(
                new DateTime(OffsetDateTime.of(year, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)), true,
                new DateTime(OffsetDateTime.of(year, 12, 31, 23, 59, 59, 999_000_000, ZoneOffset.UTC)), true));
        engine = new CqlEngine(new Environment(libraries, Map.of("http://hl7.org/fhir",
                new CompositeDataProvider(new R4FhirModelResolver(), retrieve)), TestValueSets.PROVIDER));
    }

    private static InputStream source(VersionedIdentifier id) {
        return PublishedCql.class.getResourceAsStream("/cql/" + id.getId() + "-" + id.getVersion() + ".cql");
    }

    /** Adds a patient's resources (the Patient among them). */
    void add(String patientId, List<Resource> resources) {
        byPatient.put(patientId, resources);
    }

    /** The CQL engine's populations of one patient, each {@code true}, {@code false} or {@code null}. */
    Map<String, Object> populations(String patientId) {
        EvaluationResult r = engine.evaluate(new VersionedIdentifier().withId(LIBRARY).withVersion("0.2.000"), POPULATIONS,
                org.apache.commons.lang3.tuple.Pair.of("Patient", patientId), parameters, null,
                java.time.ZonedDateTime.of(2026, 1, 15, 12, 0, 0, 0, ZoneOffset.UTC));
        Map<String, Object> out = new HashMap<>();
        for (String p : POPULATIONS) {
            out.put(p, r.forExpression(p).value());
        }
        return out;
    }

    /** Every resource of the patient of the given type, whose code at {@code codePath} is in the value set or codes. */
    private final RetrieveProvider retrieve = (context, contextPath, contextValue, dataType, templateId, codePath, codes,
            valueSet, datePath, dateLowPath, dateHighPath, dateRange) -> {
        List<Object> out = new ArrayList<>();
        for (Resource r : byPatient.getOrDefault(String.valueOf(contextValue), List.of())) {
            if (!r.fhirType().equals(dataType)) {
                continue;
            }
            if (codePath != null && (codes != null || valueSet != null) && !matches(r, codePath, codes, valueSet)) {
                continue;
            }
            out.add(r);
        }
        return out;
    };

    private boolean matches(Resource r, String codePath, Iterable<Code> codes, String valueSet) {
        for (IBase value : terser.getValues(r, r.fhirType() + "." + codePath)) {
            List<Coding> codings = value instanceof CodeableConcept cc ? cc.getCoding()
                    : value instanceof Coding c ? List.of(c) : List.of();
            for (Coding c : codings) {
                Code code = new Code().withSystem(c.getSystem()).withCode(c.getCode());
                if (valueSet != null && TestValueSets.PROVIDER.in(code, new ValueSetInfo().withId(valueSet))) {
                    return true;
                }
                if (codes != null) {
                    for (Code want : codes) {
                        if (want.getCode().equals(c.getCode()) && want.getSystem().equals(c.getSystem())) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** The value sets the measure names, expanded to the test's own codes. */
    static final class TestValueSets {
        static final String TEST = "http://openrom.org/fhir/CodeSystem/measure-test";
        static final String VS = "http://cts.nlm.nih.gov/fhir/ValueSet/";
        static final String OFFICE_VISIT = VS + "2.16.840.1.113762.1.4.1080.5";
        static final String MAJOR_DEPRESSION = VS + "2.16.840.113883.3.67.1.101.3.2444";
        static final String DYSTHYMIA = VS + "2.16.840.1.113883.3.67.1.101.1.254";
        static final String BIPOLAR = VS + "2.16.840.1.113883.3.67.1.101.1.128";
        static final String PERSONALITY = VS + "2.16.840.1.113883.3.67.1.101.1.246";
        static final String PSYCHOTIC = VS + "2.16.840.1.113883.3.464.1003.105.12.1104";
        static final String PERVASIVE = VS + "2.16.840.1.113883.3.464.1003.105.12.1152";
        static final String HOSPICE_ENCOUNTER = VS + "2.16.840.1.113883.3.464.1003.1003";
        static final String PALLIATIVE_ENCOUNTER = VS + "2.16.840.1.113883.3.464.1003.101.12.1090";
        static final String PHQ_TOOLS = VS + "2.16.840.1.113883.3.67.1.101.1.263";
        static final String INPATIENT = VS + "2.16.840.1.113883.3.666.5.307";
        static final String HOSPICE_CARE = VS + "2.16.840.1.113883.3.526.3.1584";
        static final String HOSPICE_DX = VS + "2.16.840.1.113883.3.464.1003.1165";
        static final String PALLIATIVE_DX = VS + "2.16.840.1.113883.3.464.1003.1167";
        static final String PALLIATIVE_INTERVENTION = VS + "2.16.840.1.113883.3.464.1003.198.12.1135";
        static final String LOINC = "http://loinc.org";

        /** value set → its codes, each "system|code" */
        static final Map<String, Set<String>> EXPANSIONS = Map.ofEntries(
                Map.entry(OFFICE_VISIT, Set.of(TEST + "|office-visit")),
                Map.entry(MAJOR_DEPRESSION, Set.of(TEST + "|major-depression")),
                Map.entry(DYSTHYMIA, Set.of(TEST + "|dysthymia")),
                Map.entry(BIPOLAR, Set.of(TEST + "|bipolar")),
                Map.entry(PERSONALITY, Set.of(TEST + "|personality-labile")),
                Map.entry(PSYCHOTIC, Set.of(TEST + "|psychotic")),
                Map.entry(PERVASIVE, Set.of(TEST + "|pervasive-developmental")),
                Map.entry(HOSPICE_ENCOUNTER, Set.of(TEST + "|hospice-encounter")),
                Map.entry(PALLIATIVE_ENCOUNTER, Set.of(TEST + "|palliative-encounter")),
                Map.entry(PHQ_TOOLS, Set.of(LOINC + "|44261-6", LOINC + "|89204-2")),
                Map.entry(INPATIENT, Set.of(TEST + "|inpatient")),
                Map.entry(HOSPICE_CARE, Set.of(TEST + "|hospice-care")),
                Map.entry(HOSPICE_DX, Set.of(TEST + "|hospice-dx")),
                Map.entry(PALLIATIVE_DX, Set.of(TEST + "|palliative-dx")),
                Map.entry(PALLIATIVE_INTERVENTION, Set.of(TEST + "|palliative-intervention")));

        static final TerminologyProvider PROVIDER = new TerminologyProvider() {
            @Override
            public boolean in(Code code, ValueSetInfo vs) {
                return EXPANSIONS.getOrDefault(vs.getId(), Set.of()).contains(code.getSystem() + "|" + code.getCode());
            }

            @Override
            public Iterable<Code> expand(ValueSetInfo vs) {
                List<Code> out = new ArrayList<>();
                for (String c : EXPANSIONS.getOrDefault(vs.getId(), Set.of())) {
                    int bar = c.indexOf('|');
                    out.add(new Code().withSystem(c.substring(0, bar)).withCode(c.substring(bar + 1)));
                }
                return out;
            }

            @Override
            public Code lookup(Code code, CodeSystemInfo system) {
                return code;
            }
        };

        private TestValueSets() {
        }

        /** The same expansions as FHIR ValueSets, one for each value set the measures name (empty where unused). */
        static org.openrom.fhir.measures.MeasureValueSets forTheDoor() {
            List<org.hl7.fhir.r4.model.ValueSet> sets = new ArrayList<>();
            for (var role : org.openrom.fhir.measures.MeasureValueSets.Role.values()) {
                var vs = new org.hl7.fhir.r4.model.ValueSet().setUrl(role.url());
                var expansion = vs.getExpansion();
                for (String c : EXPANSIONS.getOrDefault(role.url(), Set.of())) {
                    int bar = c.indexOf('|');
                    expansion.addContains().setSystem(c.substring(0, bar)).setCode(c.substring(bar + 1));
                }
                sets.add(vs);
            }
            return org.openrom.fhir.measures.MeasureValueSets.of(sets);
        }
    }
}
