package org.openrom.core.needs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.instrument.InstrumentRegistry;

class NeedsTaxonomyTest {

    @Test
    void theDefaultTaxonomyHasFiveThemesTwelveSubthemesInEnglishAndDanish() {
        NeedsTaxonomy t = NeedsTaxonomy.loadDefault();
        assertThat(t.themes()).hasSize(5);
        assertThat(t.themes().stream().mapToInt(th -> th.subthemes().size()).sum()).isEqualTo(12);
        assertThat(t.languages()).containsExactly("en", "da");
        NeedSubtheme stake = t.subtheme("what-is-at-stake");
        assertThat(stake.patients()).isEqualTo(15);
        assertThat(stake.therapists()).isEqualTo(5);
        assertThat(stake.label("da")).isEqualTo("Hvad der står på spil");
        assertThat(stake.label("fr")).isEqualTo("What is at stake");
        assertThat(t.subtheme("social-services").patients()).isEqualTo(15);
        assertThat(t.interventions()).extracting(Intervention::id).contains("case-conceptualisation", "network-problem-solving",
                "therapeutic-assessment", "negotiate-tasks", "individual-status-session");
        for (NeedTheme th : t.themes()) {
            for (NeedSubtheme s : th.subthemes()) {
                assertThat(s.label()).containsKeys("en", "da");
                assertThat(s.description()).containsKeys("en", "da");
            }
        }
    }

    @Test
    void aBrokenTaxonomyNamesTheBadEntry() {
        String json = """
                {"format": "openrom-needs-taxonomy", "id": "x", "version": "1", "languages": ["en"],
                 "themes": [{"id": "t1", "label": {"en": "T"}, "subthemes": [
                     {"id": "s1", "label": {"en": "S"}, "description": {}, "patients": 1, "therapists": 1},
                     {"id": "s1", "label": {"en": "S again"}, "description": {}, "patients": 1, "therapists": 1}]}],
                 "interventions": [{"id": "i1", "label": {"en": "I"}, "serves": ["s1", "nope"]}]}""";
        assertThatThrownBy(() -> NeedsTaxonomy.fromJson(json)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactlyInAnyOrder("themes[0].subthemes[1].id", "interventions[0].serves[1]"));
    }

    @Test
    void evidenceRulesThatDoNotResolveAreListedWithTheirPaths() {
        EvidenceRules rules = EvidenceRules.fromJson("""
                {"format": "openrom-needs-evidence", "id": "mine", "version": "2", "taxonomy": "gryesten-2024",
                 "report": {"negativeResponses": {"instruments": ["ghost"]}},
                 "rules": [{"id": "r1", "subthemes": ["no-such-need"], "rationale": {"en": "x"},
                            "condition": {"type": "all", "conditions": [
                               {"type": "scale", "scale": "ghost.total", "op": ">", "value": 1},
                               {"type": "flag", "flag": "f"}]}}]}""");
        assertThatThrownBy(() -> NeedsEngine.of(NeedsTaxonomy.loadDefault(), rules, InstrumentRegistry.builder().build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactlyInAnyOrder("rules[0] (r1).subthemes[0]", "rules[0] (r1).condition.conditions[0].scale",
                                "report.negativeResponses.instruments[0]"));
    }

    @Test
    void malformedEvidenceRulesAreRejectedWithPaths() {
        assertThatThrownBy(() -> EvidenceRules.fromJson("""
                {"format": "openrom-needs-evidence", "id": "mine", "version": "2", "taxonomy": "t",
                 "rules": [{"id": "r1", "subthemes": [], "condition": {"type": "magic"}},
                           {"id": "r2", "subthemes": [], "condition": {"type": "scale", "scale": "a.b", "op": "~", "value": 1}}]}"""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactlyInAnyOrder("rules[0].condition.type", "rules[1].condition.op"));
        assertThat(EvidenceRules.loadDefault().rules()).hasSizeGreaterThan(8);
        assertThat(List.of(EvidenceRules.loadDefault().worstFraction())).containsExactly(0.25);
    }
}
