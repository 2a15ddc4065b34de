package org.openrom.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.fhirpath.FHIRPathUtilityClasses;
import org.hl7.fhir.r4.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r4.fhirpath.TypeDetails;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.fhirpath.FHIRPathConstantEvaluationMode;

/**
 * SDC 3.0's FHIRPath supplement {@code ordinal()} for HAPI's R4 FHIRPath engine, which does not have it, looking where
 * fhirpath.js (LHC-Forms' engine) looks: a weight extension on the answer's Coding itself, else on the corresponding
 * {@code answerOption} of the response's Questionnaire item ({@code %questionnaire}).
 */
final class OrdinalFunction implements IHostApplicationServices {
    /** Each answer Coding of the response (by identity) with its Questionnaire item. */
    private final java.util.Map<Coding, org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent> items =
            new java.util.IdentityHashMap<>();

    OrdinalFunction() {
    }

    /**
     * @param questionnaire the response's Questionnaire ({@code %questionnaire})
     * @param response the response the expressions are evaluated on
     */
    OrdinalFunction(org.hl7.fhir.r4.model.Questionnaire questionnaire, org.hl7.fhir.r4.model.QuestionnaireResponse response) {
        index(questionnaire.getItem(), response.getItem());
    }

    private void index(List<org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent> qItems,
            List<org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent> rItems) {
        for (var ri : rItems) {
            var qi = qItems.stream().filter(x -> x.getLinkId().equals(ri.getLinkId())).findFirst().orElse(null);
            if (qi == null) {
                continue;
            }
            for (var a : ri.getAnswer()) {
                if (a.getValue() instanceof Coding c) {
                    items.put(c, qi);
                }
            }
            index(qi.getItem(), ri.getItem());
        }
    }

    @Override
    public List<Base> resolveConstant(FHIRPathEngine engine, Object appContext, String name,
            FHIRPathConstantEvaluationMode mode) {
        return List.of();
    }

    @Override
    public TypeDetails resolveConstantType(FHIRPathEngine engine, Object appContext, String name,
            FHIRPathConstantEvaluationMode mode) {
        return null;
    }

    @Override
    public boolean log(String argument, List<Base> focus) {
        return false;
    }

    @Override
    public FHIRPathUtilityClasses.FunctionDetails resolveFunction(FHIRPathEngine engine, String functionName) {
        return functionName.equals("ordinal") ? new FHIRPathUtilityClasses.FunctionDetails("answer weight", 0, 0) : null;
    }

    @Override
    public TypeDetails checkFunction(FHIRPathEngine engine, Object appContext, String functionName, TypeDetails focus,
            List<TypeDetails> parameters) {
        return new TypeDetails(ExpressionNode.CollectionStatus.ORDERED, "decimal");
    }

    @Override
    public List<Base> executeFunction(FHIRPathEngine engine, Object appContext, List<Base> focus, String functionName,
            List<List<Base>> parameters) {
        List<Base> out = new ArrayList<>();
        for (Base b : focus) {
            if (!(b instanceof Coding c)) {
                continue;
            }
            if (c.hasExtension(FhirMapper.ORDINAL_VALUE)) {
                out.add(c.getExtensionByUrl(FhirMapper.ORDINAL_VALUE).getValue());
                continue;
            }
            var qi = items.get(c);
            if (qi != null) {
                qi.getAnswerOption().stream().filter(o -> o.hasValueCoding() && o.getValueCoding().getCode().equals(c.getCode())
                        && o.getValueCoding().getSystem().equals(c.getSystem()) && o.hasExtension(FhirMapper.ORDINAL_VALUE))
                        .findFirst().ifPresent(o -> out.add(o.getExtensionByUrl(FhirMapper.ORDINAL_VALUE).getValue()));
            }
        }
        return out;
    }

    @Override
    public Base resolveReference(FHIRPathEngine engine, Object appContext, String url, Base refContext) {
        return null;
    }

    @Override
    public boolean conformsToProfile(FHIRPathEngine engine, Object appContext, Base item, String url) {
        return false;
    }

    @Override
    public ValueSet resolveValueSet(FHIRPathEngine engine, Object appContext, String url) {
        return null;
    }

    @Override
    public boolean paramIsType(String name, int index) {
        return false;
    }
}
