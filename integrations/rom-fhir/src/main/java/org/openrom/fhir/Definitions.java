package org.openrom.fhir;

import static org.openrom.fhir.FhirMapper.CALCULATED_EXPRESSION;
import static org.openrom.fhir.FhirMapper.LOINC;
import static org.openrom.fhir.FhirMapper.OBSERVATION_EXTRACT;
import static org.openrom.fhir.FhirMapper.OCCASION_EXTENSION;
import static org.openrom.fhir.FhirMapper.ORDINAL_VALUE;
import static org.openrom.fhir.FhirMapper.SCORE_ITEM_PREFIX;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.instrument.Scale;

/**
 * The Questionnaire of an instrument and the conformance resources (StructureDefinition, CodeSystems) a strict
 * server needs. Part of {@link FhirMapper}.
 */
final class Definitions extends MapperSupport {
    Definitions(Setup setup) {
        super(setup);
    }

    Questionnaire questionnaire(Instrument ins) {
        java.util.Objects.requireNonNull(ins, "ins");
        Questionnaire q = new Questionnaire();
        q.setId(ins.id());
        q.setUrl(canonical(ins.id()));
        q.setVersion(ins.version());
        q.setName(ins.id().replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT));
        q.setTitle(ins.name());
        q.setStatus(Enumerations.PublicationStatus.ACTIVE);
        q.addSubjectType("Patient");
        q.setCopyright(ins.licence());
        q.setDescription(ins.source());
        String loinc = ins.codes().get("loinc");
        if (loinc != null) {
            q.addCode(new Coding(LOINC, loinc, LOINC_NAMES.getOrDefault(loinc, ins.name())));
        }
        Optional<FormMap.Form> standard = forms.forInstrument(ins.id());
        translate(q.getTitleElement(), ins, "name");
        for (Item it : ins.items()) {
            Questionnaire.QuestionnaireItemComponent qi = q.addItem();
            qi.setLinkId(it.id());
            qi.setText(it.text().orElse(it.topic()));
            translate(qi.getTextElement(), ins, it.id());
            qi.setRequired(it.required());
            // the item's standard code (LOINC for PHQ-9 and GAD-7), from the form map
            standard.flatMap(f -> f.items().entrySet().stream().filter(e -> e.getValue().equals(it.id())).map(
                    java.util.Map.Entry::getKey).findFirst()).ifPresent(code -> qi.addCode(new Coding(
                            standard.get().answerSystem(), code, null)));
            if (it.type() == ItemType.TEXT) {
                qi.setType(Questionnaire.QuestionnaireItemType.TEXT);
                continue;
            }
            qi.setType(Questionnaire.QuestionnaireItemType.CHOICE);
            for (int v = it.scale().min(); v <= it.scale().max(); v++) {
                Coding c = answerCoding(ins, it, v);
                // one weight extension: ordinalValue, the R4 core extension (itemWeight is its R5 successor, unknown
                // to a strict R4 server; both are read), on the answer option itself: where SDC's ordinal() and
                // fhirpath.js (LHC-Forms' engine) look for it, not on its valueCoding, which a form filler copies bare
                qi.addAnswerOption().setValue(c).addExtension(ORDINAL_VALUE,
                        new DecimalType(BigDecimal.valueOf(it.scoredValue(v))));
            }
        }
        for (Scale scale : ins.scales()) {
            addScoreItem(q, ins, scale);
        }
        return q;
    }

    /**
     * A read-only item per scale whose value an SDC renderer calculates (SDC 3.0 {@code calculatedExpression}:
     * {@code factor × sum} or {@code factor × mean} of the answers' {@code ordinal()} weights, which already carry the
     * reverse keying) and that {@code $extract} turns into an Observation ({@code observationExtract}, coded like
     * OpenROM's score Observation). It is calculated only when every item of the scale is answered: OpenROM's own
     * scoring also handles missing answers (proration, minimum answered) and stays the score of record; a response
     * that carries these items is read without them.
     */
    private void addScoreItem(Questionnaire q, Instrument ins, Scale scale) {
        String link = SCORE_ITEM_PREFIX + scale.id();
        if (ins.item(link).isPresent() || scale.itemIds().isEmpty()) {
            return;
        }
        Questionnaire.QuestionnaireItemComponent qi = q.addItem();
        qi.setLinkId(link);
        qi.setText(scale.label() + " score");
        qi.setType(Questionnaire.QuestionnaireItemType.DECIMAL);
        qi.setReadOnly(true);
        String loinc = scale.codes().get("loinc");
        if (loinc != null) {
            qi.addCode(new Coding(LOINC, loinc, LOINC_NAMES.getOrDefault(loinc, scale.label() + " total score")));
        }
        qi.addCode(new Coding(system("scale"), scale.qualifiedId(), scale.label()));
        String ids = scale.itemIds().stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(" | "));
        String answers = "%resource.repeat(item).where(linkId in (" + ids + ")).answer";
        String sum = answers + ".value.ordinal().aggregate($this + $total, 0)";
        int n = scale.itemIds().size();
        String value = scale.aggregation() == org.openrom.core.instrument.Aggregation.MEAN ? "(" + sum + ") / " + n : sum;
        if (scale.factor() != 1) {
            value = "(" + value + ") * " + num(scale.factor());
        }
        org.hl7.fhir.r4.model.Expression e = new org.hl7.fhir.r4.model.Expression().setLanguage("text/fhirpath")
                .setExpression("iif(" + answers + ".count() = " + n + ", " + value + ", {})");
        e.setDescription(scale.label() + ": " + scale.aggregation().name().toLowerCase(java.util.Locale.ROOT)
                + " of the answer weights" + (scale.factor() != 1 ? " times " + num(scale.factor()) : "")
                + ", when all " + n + " items are answered");
        qi.addExtension(CALCULATED_EXPRESSION, e);
        qi.addExtension(OBSERVATION_EXTRACT, new org.hl7.fhir.r4.model.BooleanType(true));
    }

    List<org.hl7.fhir.r4.model.MetadataResource> conformanceResources() {
        List<org.hl7.fhir.r4.model.MetadataResource> out = new ArrayList<>();
        org.hl7.fhir.r4.model.StructureDefinition sd = new org.hl7.fhir.r4.model.StructureDefinition();
        sd.setId("occasion");
        sd.setUrl(OCCASION_EXTENSION);
        sd.setVersion(version);
        sd.setName("Occasion");
        sd.setTitle("ROM occasion");
        sd.setStatus(Enumerations.PublicationStatus.ACTIVE);
        sd.setDescription("The session of treatment (0 = baseline) an OpenROM QuestionnaireResponse, score or status "
                + "Observation belongs to.");
        sd.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        sd.setKind(org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind.COMPLEXTYPE);
        sd.setAbstract(false);
        sd.addContext().setType(org.hl7.fhir.r4.model.StructureDefinition.ExtensionContextType.ELEMENT)
                .setExpression("QuestionnaireResponse");
        sd.addContext().setType(org.hl7.fhir.r4.model.StructureDefinition.ExtensionContextType.ELEMENT)
                .setExpression("Observation");
        sd.setType("Extension");
        sd.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Extension");
        sd.setDerivation(org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule.CONSTRAINT);
        org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionDifferentialComponent diff = sd.getDifferential();
        diff.addElement().setPath("Extension").setShort("The session (0 = baseline)")
                .setDefinition("The occasion of treatment the response belongs to.").setMax("1").setId("Extension");
        diff.addElement().setPath("Extension.extension").setMax("0").setId("Extension.extension");
        diff.addElement().setPath("Extension.url").setFixed(new org.hl7.fhir.r4.model.UriType(OCCASION_EXTENSION))
                .setId("Extension.url");
        diff.addElement().setPath("Extension.value[x]").setMin(1).addType(
                new org.hl7.fhir.r4.model.ElementDefinition.TypeRefComponent().setCode("integer")).setId("Extension.value[x]");
        out.add(sd);
        out.add(codeSystem("rom-status", "OpenROM track statuses", true, new String[][] {
            {"rom-progress-status", "ROM progress status"}, {"on-track", "on track"}, {"not-on-track", "not on track"},
            {"insufficient-data", "insufficient data"}, {"expected-low", "expected score, lower bound"},
            {"expected-high", "expected score, upper bound"}}));
        List<String[]> scales = new ArrayList<>();
        List<String[]> bands = new ArrayList<>();
        for (Instrument ins : instruments.instruments()) {
            for (Scale sc : ins.scales()) {
                scales.add(new String[] {sc.qualifiedId(), sc.label()});
                for (org.openrom.core.instrument.Band band : sc.bands()) {
                    bands.add(new String[] {sc.qualifiedId() + "-" + num(band.from()), band.label()});
                }
            }
            if (forms.forInstrument(ins.id()).isEmpty()) {
                List<String[]> answers = new ArrayList<>();
                java.util.TreeMap<Integer, String> labels = new java.util.TreeMap<>();
                for (Item it : ins.items()) {
                    if (it.type() != ItemType.TEXT) {
                        for (int v = it.scale().min(); v <= it.scale().max(); v++) {
                            labels.putIfAbsent(v, it.scale().labels().getOrDefault(v, String.valueOf(v)));
                        }
                    }
                }
                labels.forEach((v, l) -> answers.add(new String[] {String.valueOf(v), l}));
                if (!answers.isEmpty()) {
                    org.hl7.fhir.r4.model.CodeSystem cs = codeSystem("answer", "Answers of " + ins.name(), true,
                            answers.toArray(new String[0][]));
                    cs.setUrl(answerSystem(ins));
                    cs.setId("answer-" + ins.id());
                    cs.setName("Answer_" + ins.id().replaceAll("[^A-Za-z0-9]", "_"));
                    out.add(cs);
                }
            }
        }
        out.add(codeSystem("scale", "OpenROM scales", true, scales.toArray(new String[0][])));
        out.add(codeSystem("severity-band", "Severity bands of the instruments' scales", true, bands.toArray(new String[0][])));
        out.add(codeSystem("rom-finding", "What a NOT rule found (extended by rules)", false, new String[0][]));
        out.add(codeSystem("rom-alert", "Safety alerts of critical items (their codes come from instrument definitions)",
                false, new String[0][]));
        out.add(codeSystem("rule", "OpenROM track-status rules (extended by plugins)", false, new String[0][]));
        out.add(codeSystem("intervention", "Add-on interventions of a needs taxonomy", false, new String[0][]));
        String[][] reasons = FhirMapper.overrideReasons().entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()})
                .toArray(String[][]::new);
        out.add(codeSystem("cds-override-reason", "Reasons a clinician gives for overriding an OpenROM CDS card", true,
                reasons));
        return out;
    }

    private org.hl7.fhir.r4.model.CodeSystem codeSystem(String kind, String title, boolean complete, String[][] concepts) {
        org.hl7.fhir.r4.model.CodeSystem cs = new org.hl7.fhir.r4.model.CodeSystem();
        cs.setId(kind);
        cs.setUrl(system(kind));
        cs.setVersion(version);
        cs.setName(kind.replace('-', '_').toUpperCase(java.util.Locale.ROOT));
        cs.setTitle(title);
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setCaseSensitive(true);
        cs.setContent(complete ? org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode.COMPLETE
                : org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode.NOTPRESENT);
        for (String[] c : concepts) {
            cs.addConcept().setCode(c[0]).setDisplay(c[1]);
        }
        return cs;
    }
}
