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
 * SDC 3.0's FHIRPath supplement {@code ordinal()} for HAPI's R4 FHIRPath engine, which does not have it: the weight of
 * each answer Coding, from the {@code ordinalValue} extension a renderer copies onto it from the item's answer option.
 */
final class OrdinalFunction implements IHostApplicationServices {
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
            if (b instanceof Coding c && c.hasExtension(FhirMapper.ORDINAL_VALUE)) {
                out.add(c.getExtensionByUrl(FhirMapper.ORDINAL_VALUE).getValue());
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
