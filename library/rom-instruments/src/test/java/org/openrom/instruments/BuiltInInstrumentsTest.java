package org.openrom.instruments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.DisplayOrientation;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;

/** Golden scores per built-in instrument: typical, minimum, maximum, band edges, missing items, display. */
class BuiltInInstrumentsTest {
    private final InstrumentRegistry reg = InstrumentRegistry.loadDefault();

    private Scores score(String instrument, Map<String, Integer> answers) {
        Administration.Builder b = Administration.builder("p1", instrument, 1);
        answers.forEach(b::answer);
        return reg.get(instrument).score(b.build());
    }

    private Scores score(String instrument, String prefix, int... values) {
        return reg.get(instrument).score(Administration.builder("p1", instrument, 1).answers(prefix, values).build());
    }

    private static double value(Scores s, String scale) {
        return s.get(scale).orElseThrow().value().orElseThrow();
    }

    @Test
    void allEightAreDiscoveredThroughTheSpi() {
        assertThat(reg.instruments()).extracting(Instrument::id)
                .contains("odsis", "gq12", "psychlops", "who5", "phq9", "gad7", "homework", "life-events");
        assertThat(reg.origin("odsis")).hasValueSatisfying(o -> assertThat(o).contains("built-in"));
    }

    @Test
    void odsisTotalsAndReversedDisplay() {
        Scale total = reg.scale("odsis.total");
        assertThat(total.min()).isEqualTo(0);
        assertThat(total.max()).isEqualTo(20);
        assertThat(total.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(total.display()).isEqualTo(DisplayOrientation.REVERSED);
        assertThat(value(score("odsis", "q", 2, 3, 1, 2, 2), "odsis.total")).isEqualTo(10);
        assertThat(value(score("odsis", "q", 0, 0, 0, 0, 0), "odsis.total")).isEqualTo(0);
        assertThat(value(score("odsis", "q", 4, 4, 4, 4, 4), "odsis.total")).isEqualTo(20);
        assertThat(total.displayValue(15)).isEqualTo(5);
        assertThat(total.displayValue(0)).isEqualTo(20);
        // band edge: 7 is below the cut-off, 8 is a case
        assertThat(total.isCase(value(score("odsis", "q", 2, 2, 1, 1, 1), "odsis.total"))).isFalse();
        assertThat(total.isCase(value(score("odsis", "q", 2, 2, 2, 1, 1), "odsis.total"))).isTrue();
        assertThat(total.band(8).orElseThrow().label()).isEqualTo("clinical range");
        assertThat(total.psychometrics().reliability()).isEqualTo(OptionalDouble.of(0.89));
    }

    @Test
    void odsisMissingItems() {
        Score one = score("odsis", Map.of("q1", 2, "q2", 2, "q3", 2, "q4", 3)).get("odsis.total").orElseThrow();
        assertThat(one.value()).isEqualTo(OptionalDouble.of(11.25));
        assertThat(one.prorated()).isTrue();
        Score two = score("odsis", Map.of("q1", 2, "q2", 2, "q3", 2)).get("odsis.total").orElseThrow();
        assertThat(two.isScored()).isFalse();
        assertThat(two.missingReason()).hasValue("2 of 5 items missing; at most 20% may be missing");
    }

    @Test
    void gq12SubscalesAreMeansOfTheirFourItems() {
        Scores s = score("gq12", Map.ofEntries(Map.entry("pb1", 7), Map.entry("pb2", 6), Map.entry("pb3", 5),
                Map.entry("pb4", 6), Map.entry("pw1", 1), Map.entry("pw2", 1), Map.entry("pw3", 1), Map.entry("pw4", 1),
                Map.entry("nr1", 7), Map.entry("nr2", 7), Map.entry("nr3", 7), Map.entry("nr4", 6)));
        assertThat(value(s, "gq12.pb")).isEqualTo(6);
        assertThat(value(s, "gq12.pw")).isEqualTo(1);
        assertThat(value(s, "gq12.nr")).isEqualTo(6.75);
        assertThat(reg.scale("gq12.pb").direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(reg.scale("gq12.nr").direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(reg.scale("gq12.nr").min()).isEqualTo(1);
        assertThat(reg.scale("gq12.nr").max()).isEqualTo(7);
        assertThat(reg.scale("gq12.nr").displayValue(6.75)).isEqualTo(1.25);
        // one missing item of four is 25% > 20%: that subscale is not scored, the others are
        Scores partial = score("gq12", Map.of("pb1", 7, "pb2", 7, "pb3", 7, "pw1", 4, "pw2", 4, "pw3", 4, "pw4", 4));
        assertThat(partial.get("gq12.pb").orElseThrow().isScored()).isFalse();
        assertThat(value(partial, "gq12.pw")).isEqualTo(4);
    }

    @Test
    void psychlopsTotalAndTheMissingSecondProblemRule() {
        assertThat(value(score("psychlops", Map.of("q1b", 4, "q2b", 2, "q3b", 3, "q4", 3)), "psychlops.total"))
                .isEqualTo(12);
        Score noQ2 = score("psychlops", Map.of("q1b", 4, "q3b", 3, "q4", 3)).get("psychlops.total").orElseThrow();
        assertThat(noQ2.value()).isEqualTo(OptionalDouble.of(14));
        assertThat(noQ2.prorated()).isTrue();
        assertThat(value(score("psychlops", Map.of("q1b", 0, "q2b", 0, "q3b", 0, "q4", 0)), "psychlops.total")).isEqualTo(0);
        assertThat(value(score("psychlops", Map.of("q1b", 5, "q2b", 5, "q3b", 5, "q4", 5)), "psychlops.total")).isEqualTo(20);
        Scale total = reg.scale("psychlops.total");
        assertThat(total.isCase(6.41)).isTrue();
        assertThat(total.isCase(6)).isFalse();
        assertThat(total.psychometrics().reliableChange()).isEqualTo(OptionalDouble.of(4.63));
        // the weekly two-item form: problem and wellbeing scored, total not
        Scores weekly = score("psychlops", Map.of("q1b", 3, "q4", 2));
        assertThat(value(weekly, "psychlops.problems")).isEqualTo(6);
        assertThat(value(weekly, "psychlops.wellbeing")).isEqualTo(2);
        assertThat(weekly.get("psychlops.total").orElseThrow().isScored()).isFalse();
        // the during-therapy new problem is stored but not in the total
        Scores during = score("psychlops", Map.of("q1b", 4, "q2b", 2, "q3b", 3, "q4", 3, "q5b", 5));
        assertThat(value(during, "psychlops.total")).isEqualTo(12);
    }

    @Test
    void psychlopsFreeTextIsAcceptedForTextItems() {
        Administration a = Administration.builder("p1", "psychlops", 0).answer("q1b", 4).answer("q2b", 2)
                .answer("q3b", 3).answer("q4", 3).text("q1a", "a problem").text("q3a", "something hard").build();
        assertThat(reg.get("psychlops").validate(a)).isEmpty();
    }

    @Test
    void who5RawAndPercentage() {
        Scores s = score("who5", "q", 3, 3, 2, 2, 3);
        assertThat(value(s, "who5.raw")).isEqualTo(13);
        assertThat(value(s, "who5.percentage")).isEqualTo(52);
        assertThat(reg.scale("who5.percentage").isCase(52)).isFalse();
        assertThat(reg.scale("who5.percentage").isCase(48)).isTrue();
        assertThat(reg.scale("who5.raw").isCase(12)).isTrue();
        assertThat(reg.scale("who5.raw").isCase(13)).isFalse();
        assertThat(value(score("who5", "q", 5, 5, 5, 5, 5), "who5.percentage")).isEqualTo(100);
        assertThat(value(score("who5", "q", 0, 0, 0, 0, 0), "who5.percentage")).isEqualTo(0);
        assertThat(reg.get("who5").item("q1").orElseThrow().text()).isPresent();
    }

    @Test
    void phq9BandsAtEveryEdge() {
        Scale total = reg.scale("phq9.total");
        int[][] edges = {{4, 0}, {5, 1}, {9, 1}, {10, 2}, {14, 2}, {15, 3}, {19, 3}, {20, 4}, {27, 4}};
        String[] labels = {"minimal", "mild", "moderate", "moderately severe", "severe"};
        for (int[] e : edges) {
            int[] answers = new int[9];
            for (int i = 0, left = e[0]; i < 9; i++) {
                answers[i] = Math.min(3, left);
                left -= answers[i];
            }
            double v = value(score("phq9", "q", answers), "phq9.total");
            assertThat(v).isEqualTo(e[0]);
            assertThat(total.band(v).orElseThrow().label()).isEqualTo(labels[e[1]]);
        }
        assertThat(total.isCase(10)).isTrue();
        assertThat(total.isCase(9)).isFalse();
        assertThat(total.codes()).containsEntry("loinc", "44261-6");
        assertThat(reg.get("phq9").codes()).containsEntry("loinc", "44249-1");
        assertThat(total.psychometrics().reliableChange()).isEqualTo(OptionalDouble.of(6));
    }

    @Test
    void gad7BandsAndCaseness() {
        Scale total = reg.scale("gad7.total");
        assertThat(value(score("gad7", "q", 1, 1, 1, 1, 1, 1, 1), "gad7.total")).isEqualTo(7);
        assertThat(total.isCase(7)).isFalse();
        assertThat(total.isCase(8)).isTrue();
        assertThat(total.band(4).orElseThrow().label()).isEqualTo("minimal");
        assertThat(total.band(5).orElseThrow().label()).isEqualTo("mild");
        assertThat(total.band(10).orElseThrow().label()).isEqualTo("moderate");
        assertThat(total.band(15).orElseThrow().label()).isEqualTo("severe");
        assertThat(value(score("gad7", "q", 3, 3, 3, 3, 3, 3, 3), "gad7.total")).isEqualTo(21);
        assertThat(total.codes()).containsEntry("loinc", "70274-6");
    }

    @Test
    void homeworkAndLifeEvents() {
        assertThat(value(score("homework", "q", 3), "homework.total")).isEqualTo(3);
        assertThat(reg.scale("homework.total").direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(score("homework", Map.of()).get("homework.total").orElseThrow().isScored()).isFalse();
        Scores ev = score("life-events", Map.of("finances", 1, "job", 0, "family", 1, "housing", 0, "relationship", 0,
                "life-situation", 1));
        assertThat(value(ev, "life-events.count")).isEqualTo(3);
        Scores incomplete = score("life-events", Map.of("finances", 1));
        assertThat(incomplete.get("life-events.count").orElseThrow().isScored()).isFalse();
    }

    @Test
    void noCopyrightedWordingIsShippedForOdsisGq12OrPsychlops() {
        for (String id : new String[] {"odsis", "gq12", "psychlops"}) {
            assertThat(reg.get(id).items()).allSatisfy(item -> {
                assertThat(item.text()).isEmpty();
                item.responseScale().ifPresent(rs -> assertThat(rs.labels()).isEmpty());
            });
        }
    }

    @Test
    void aPhq9SelfHarmAlertNamesTheItemsTopicAndTheAnswersLabelInThePagesLanguage() {
        org.openrom.core.safety.SafetyAlert a = score("phq9", "q", 1, 1, 1, 1, 1, 1, 1, 1, 2).alerts().get(0);
        org.openrom.core.safety.AlertWording w = org.openrom.core.safety.AlertWording.neutral();
        assertThat(w.text(a, "en", reg.get("phq9").alertLabels(a, "en"))).isEqualTo("PHQ-9 item 9, thoughts of death or "
                + "self-harm: More than half the days (2) at session 1. Follow your clinic's risk procedure.");
        assertThat(w.text(a, "da", reg.get("phq9").alertLabels(a, "da"))).isEqualTo("PHQ-9 spørgsmål 9, tanker om død "
                + "eller selvskade: mere end halvdelen af dagene (2) ved session 1. Følg klinikkens procedure for "
                + "risikovurdering.");
    }
}
