package org.openrom.fhir.measures;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ValueSet;
import org.openrom.core.ValidationException;

/**
 * The value sets the depression measures name, read as data from their published FHIR {@code ValueSet} expansions
 * (VSAC publishes them; their codes are licensed terminology and are not shipped with OpenROM). Each is found by the
 * canonical URL the measure's CQL declares. Immutable and thread-safe.
 */
public final class MeasureValueSets {
    private static final String VSAC = "http://cts.nlm.nih.gov/fhir/ValueSet/";

    /** The value sets, by what they mean in the measure, each with the canonical URL the CQL of CMS159 names. */
    public enum Role {
        /** finished contact or office visits: the depression visit */
        CONTACT_OR_OFFICE_VISIT("2.16.840.1.113762.1.4.1080.5"),
        /** a diagnosis of major depression, including in remission */
        MAJOR_DEPRESSION("2.16.840.113883.3.67.1.101.3.2444"),
        /** a diagnosis of dysthymia */
        DYSTHYMIA("2.16.840.1.113883.3.67.1.101.1.254"),
        /** bipolar disorder (exclusion) */
        BIPOLAR_DISORDER("2.16.840.1.113883.3.67.1.101.1.128"),
        /** personality disorder, emotionally labile (exclusion) */
        PERSONALITY_DISORDER_EMOTIONALLY_LABILE("2.16.840.1.113883.3.67.1.101.1.246"),
        /** schizophrenia or psychotic disorder (exclusion) */
        SCHIZOPHRENIA_OR_PSYCHOTIC_DISORDER("2.16.840.1.113883.3.464.1003.105.12.1104"),
        /** pervasive developmental disorder (exclusion) */
        PERVASIVE_DEVELOPMENTAL_DISORDER("2.16.840.1.113883.3.464.1003.105.12.1152"),
        /** the PHQ-9 and PHQ-9M total scores */
        PHQ_9_AND_PHQ_9M_TOOLS("2.16.840.1.113883.3.67.1.101.1.263"),
        /** inpatient encounters (a discharge to hospice) */
        ENCOUNTER_INPATIENT("2.16.840.1.113883.3.666.5.307"),
        /** hospice encounters */
        HOSPICE_ENCOUNTER("2.16.840.1.113883.3.464.1003.1003"),
        /** hospice care ordered or performed */
        HOSPICE_CARE_AMBULATORY("2.16.840.1.113883.3.526.3.1584"),
        /** a hospice diagnosis */
        HOSPICE_DIAGNOSIS("2.16.840.1.113883.3.464.1003.1165"),
        /** palliative care encounters */
        PALLIATIVE_CARE_ENCOUNTER("2.16.840.1.113883.3.464.1003.101.12.1090"),
        /** palliative care interventions */
        PALLIATIVE_CARE_INTERVENTION("2.16.840.1.113883.3.464.1003.198.12.1135"),
        /** a palliative care diagnosis */
        PALLIATIVE_CARE_DIAGNOSIS("2.16.840.1.113883.3.464.1003.1167");

        private final String url;

        Role(String oid) {
            this.url = VSAC + oid;
        }

        /** @return the canonical URL */
        public String url() {
            return url;
        }
    }

    private final Map<Role, Set<String>> codes;

    private MeasureValueSets(Map<Role, Set<String>> codes) {
        this.codes = codes;
    }

    /**
     * Reads the value sets from their expansions ({@code ValueSet.expansion.contains}, nested ones included) or,
     * for a value set without an expansion, its enumerated {@code compose.include.concept}s. Value sets the measures do
     * not name are ignored.
     *
     * @param sets the ValueSet resources
     * @return the value sets
     * @throws ValidationException naming every value set the measures need and the resources lack, by title and URL
     */
    public static MeasureValueSets of(Collection<ValueSet> sets) {
        Objects.requireNonNull(sets, "sets");
        Map<Role, Set<String>> codes = new EnumMap<>(Role.class);
        for (ValueSet vs : sets) {
            Objects.requireNonNull(vs, "sets[]");
            String url = vs.getUrl() == null ? "" : vs.getUrl().replaceFirst("\\|.*$", "");
            for (Role r : Role.values()) {
                if (r.url.equals(url)) {
                    Set<String> set = codes.computeIfAbsent(r, x -> new HashSet<>());
                    if (vs.hasExpansion()) {
                        add(vs.getExpansion().getContains(), set);
                    } else {
                        for (ValueSet.ConceptSetComponent inc : vs.getCompose().getInclude()) {
                            inc.getConcept().forEach(c -> set.add(inc.getSystem() + "|" + c.getCode()));
                        }
                    }
                }
            }
        }
        List<String> missing = java.util.Arrays.stream(Role.values()).filter(r -> !codes.containsKey(r))
                .map(r -> r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " (" + r.url + ")").toList();
        if (!missing.isEmpty()) {
            throw new ValidationException("measure value sets", "sets", missing.size() + " missing",
                    "every value set the measures name; missing: " + String.join(", ", missing));
        }
        codes.replaceAll((r, s) -> Set.copyOf(s));
        return new MeasureValueSets(codes);
    }

    private static void add(List<ValueSet.ValueSetExpansionContainsComponent> contains, Set<String> into) {
        for (ValueSet.ValueSetExpansionContainsComponent c : contains) {
            if (c.hasCode()) {
                into.add(c.getSystem() + "|" + c.getCode());
            }
            add(c.getContains(), into);
        }
    }

    /** @return whether any coding of the concept is in the value set */
    boolean contains(Role role, CodeableConcept concept) {
        return concept != null && concept.getCoding().stream().anyMatch(c -> contains(role, c));
    }

    /** @return whether the coding is in the value set */
    boolean contains(Role role, Coding coding) {
        return coding != null && codes.get(role).contains(coding.getSystem() + "|" + coding.getCode());
    }

    /** @return how many codes the value set holds */
    public int size(Role role) {
        return codes.get(Objects.requireNonNull(role, "role")).size();
    }
}
