package org.openrom.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;

/** Serves OpenROM's generated Questionnaires to HAPI's validator by canonical URL (with or without |version). */
final class QuestionnaireSupport implements IValidationSupport {
    private final FhirContext context;
    private final Map<String, Questionnaire> byUrl = new HashMap<>();

    QuestionnaireSupport(FhirContext context, List<Questionnaire> questionnaires) {
        this.context = context;
        for (Questionnaire q : questionnaires) {
            byUrl.put(q.getUrl(), q);
            byUrl.put(q.getUrl() + "|" + q.getVersion(), q);
        }
    }

    @Override
    public FhirContext getFhirContext() {
        return context;
    }

    @Override
    public <T extends IBaseResource> T fetchResource(Class<T> type, String uri) {
        Questionnaire q = byUrl.get(uri);
        if (q == null || (type != null && !type.isInstance(q))) {
            return null;
        }
        @SuppressWarnings("unchecked")
        T t = (T) q;
        return t;
    }

    @Override
    public String getName() {
        return "openrom-questionnaires";
    }
}
