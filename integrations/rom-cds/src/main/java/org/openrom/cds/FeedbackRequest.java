package org.openrom.cds;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A feedback request (CDS Hooks 2.0, feedback) read into what the store keeps, and no more: the card, the outcome,
 * its time (never in the future), an override reason only when the card offered it (anything else is one fixed
 * code), the uuid of the accepted suggestion. The clinician's comment is never kept.
 */
final class FeedbackRequest {
    private FeedbackRequest() {
    }

    /** How far ahead of this server's clock a feedback time may lie (the EHR's clock may differ a little). */
    static final java.time.Duration SKEW = java.time.Duration.ofMinutes(5);
    private static final java.util.regex.Pattern UUID_TEXT = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * @param body the request's body
     * @param now this server's time
     * @return one feedback item per entry, as it will be stored
     * @throws PatientView.BadRequest (400) naming the first entry and field that does not fit
     */
    static List<FeedbackStore.Feedback> items(JsonNode body, Instant now) throws PatientView.BadRequest {
        JsonNode list = body.path("feedback");
        if (!list.isArray()) {
            throw new PatientView.BadRequest(400, "feedback: expected an array");
        }
        List<FeedbackStore.Feedback> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            String at = "feedback[" + i + "]";
            String card = f.path("card").asText(null);
            String outcome = f.path("outcome").asText(null);
            if (card == null || card.length() > 36) {
                throw new PatientView.BadRequest(400, at + ".card: expected the card's uuid");
            }
            if (!"accepted".equals(outcome) && !"overridden".equals(outcome)) {
                throw new PatientView.BadRequest(400, at + ".outcome: expected accepted or overridden");
            }
            Instant when;
            try {
                when = Instant.parse(f.path("outcomeTimestamp").asText(""));
            } catch (java.time.format.DateTimeParseException e) {
                try {
                    when = java.time.OffsetDateTime.parse(f.path("outcomeTimestamp").asText("")).toInstant();
                } catch (java.time.format.DateTimeParseException e2) {
                    throw new PatientView.BadRequest(400, at + ".outcomeTimestamp: expected an instant (ISO 8601)");
                }
            }
            if (when.isAfter(now.plus(SKEW))) {
                throw new PatientView.BadRequest(400, at + ".outcomeTimestamp: expected an instant not in the future");
            }
            String code = null;
            String system = null;
            if ("overridden".equals(outcome)) {
                // only the reasons the card offered are stored; anything else, free text included, is one fixed code
                JsonNode reason = f.path("overrideReason").path("reason");
                String given = reason.path("code").asText(null);
                String system0 = reason.path("system").asText(null);
                boolean offered = (system0 == null || PatientView.OVERRIDE_SYSTEM.equals(system0))
                        && PatientView.overrideCodes().contains(given);
                code = reason.isMissingNode() ? "unspecified" : offered ? given : "unlisted";
                system = PatientView.OVERRIDE_SYSTEM;
            }
            // the cards offer at most one suggestion: which one was accepted, by its uuid, never a count beyond one
            String accepted = null;
            JsonNode suggestions = f.path("acceptedSuggestions");
            if ("accepted".equals(outcome) && suggestions.isArray() && suggestions.size() > 0) {
                String id = suggestions.get(0).path("id").asText("");
                accepted = UUID_TEXT.matcher(id).matches() ? id : null;
            }
            // the clinician's userComment is never stored: it may name the patient
            out.add(new FeedbackStore.Feedback(card, outcome, code, system, accepted == null ? 0 : 1, when, accepted));
        }
        return out;
    }
}
