package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openrom.core.history.DataIssue;

/** The cards speak the service's language: every card text exists in every language, and a Danish service's cards are Danish. */
class CardTextTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)\\}");

    private static Set<String> placeholders(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyLanguageHasEveryTextWithTheSamePlaceholders() {
        CardText en = CardText.of("en");
        CardText da = CardText.of("da");
        assertThat(da.keys()).isEqualTo(en.keys());
        for (String key : en.keys()) {
            assertThat(placeholders(da.get(key))).as(key).isEqualTo(placeholders(en.get(key)));
        }
        // every data issue and every override reason has its words
        Arrays.stream(DataIssue.Code.values()).forEach(c -> assertThat(en.keys()).contains("issue." + c.code()));
        PatientView.overrideCodes().forEach(c -> assertThat(en.keys()).contains("override." + c));
    }

    @Test
    void aDanishServiceWritesDanishCards() throws Exception {
        try (Ehr ehr = new Ehr();
                CdsService service = CdsService.builder().port(0).rule("deterioration-or-no-change").language("da")
                        .trust(Ehr.ISSUER, ehr.jwksUrl()).build().start()) {
            String url = service.base() + "/cds-services/openrom-patient-view";
            HttpResponse<String> r = Ehr.post(url, ehr.token(url), Ehr.hook("p-da", Ehr.worsening("p-da", 2)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode cards = new ObjectMapper().readTree(r.body()).path("cards");
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "cards-da-example.json"), cards.toPrettyString());
            assertThat(cards.path(0).path("summary").asText()).startsWith("Sikkerhedsadvarsel: phq9 spørgsmål q9 besvaret 2");
            JsonNode not = cards.path(cards.size() - 1);
            assertThat(not.path("summary").asText()).startsWith("Ikke på sporet: ").contains("point dårligere end baseline");
            assertThat(not.path("detail").asText()).startsWith("**Hvorfor:**").contains("**Regel:**", "**Mulige behov**");
            assertThat(not.path("suggestions").path(0).path("label").asText()).startsWith("Foreslå: ");
            assertThat(not.path("overrideReasons").path(0).path("display").asText()).isEqualTo("Allerede taget op med patienten");
            assertThat(not.path("links").path(0).path("label").asText()).isEqualTo("Ikke på sporet-rapport");
            // no English text of the cards' own words is left
            CardText en = CardText.of("en");
            for (String key : en.keys()) {
                for (String part : en.get(key).split("\\{[a-z]+\\}")) {
                    if (part.strip().length() >= 12) {
                        assertThat(r.body()).as(key).doesNotContain(part.strip());
                    }
                }
            }
        }
    }
}
