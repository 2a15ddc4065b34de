package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.score.Administration;
import org.openrom.rules.research.Outcome;
import org.quicktheories.generators.SourceDSL;

/**
 * The NHS Talking Therapies outcome equals the national definitions recomputed here from the first and last occasion
 * with both PHQ-9 and GAD-7 (caseness PHQ-9 ≥ 10 or GAD-7 ≥ 8; reliable change 6 and 4; reliable improvement: one
 * measure reliably better and neither reliably worse; recovery: a case at the start, not at the end).
 */
class TalkingTherapiesOutcomeProperties {
    private static PatientHistory append(PatientHistory h, String instrument, int occasion, int score) {
        Administration a = Fixtures.adm(h.patientId(), instrument, occasion, score);
        return h.append(a, Fixtures.INSTRUMENTS.get(instrument).score(a));
    }

    private static Outcome tt(String poor) {
        return Outcome.parse("talking-therapies:poor=" + poor, Fixtures.INSTRUMENTS::findScale);
    }

    @Test
    void theOutcomeIsTheNationalDefinitionAtTheLastPairedOccasion() {
        Outcome recovered = tt("not-reliably-recovered");
        Outcome rec = tt("not-recovered");
        Outcome improved = tt("not-reliably-improved");
        Outcome worse = tt("reliable-deterioration");
        qt().withExamples(300).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            PatientHistory h = PatientHistory.of("p");
            int occasions = r.nextInt(6);
            int p0 = -1;
            int g0 = -1;
            int pl = -1;
            int gl = -1;
            int last = -1;
            for (int o = 0; o < occasions; o++) {
                boolean phq = r.nextInt(5) > 0;
                boolean gad = r.nextInt(5) > 0;
                int p = r.nextInt(28);
                int g = r.nextInt(22);
                if (phq) {
                    h = append(h, "phq9", o, p);
                }
                if (gad) {
                    h = append(h, "gad7", o, g);
                }
                if (phq && gad) {
                    if (p0 < 0) {
                        p0 = p;
                        g0 = g;
                    } else {
                        pl = p;
                        gl = g;
                        last = o;
                    }
                }
            }
            Outcome.Judgement j = recovered.judge(h);
            if (last < 0) {
                assertThat(j.counted()).isFalse();
                assertThat(j.exclusion()).contains("fewer than two occasions with both");
                return;
            }
            boolean case0 = p0 >= 10 || g0 >= 8;
            boolean caseLast = pl >= 10 || gl >= 8;
            boolean deteriorated = pl - p0 >= 6 || gl - g0 >= 4;
            boolean reliablyBetter = (p0 - pl >= 6 || g0 - gl >= 4) && !deteriorated;
            assertThat(worse.judge(h)).isEqualTo(new Outcome.Judgement(null, deteriorated, last));
            assertThat(improved.judge(h)).isEqualTo(new Outcome.Judgement(null, !reliablyBetter, last));
            if (!case0) {
                assertThat(j.counted()).isFalse();
                assertThat(rec.judge(h).exclusion()).contains("not a case at the first paired occasion");
            } else {
                assertThat(j).isEqualTo(new Outcome.Judgement(null, !(!caseLast && reliablyBetter), last));
                assertThat(rec.judge(h)).isEqualTo(new Outcome.Judgement(null, caseLast, last));
            }
        });
    }

    @Test
    void theSpecIsCanonicalAndBadOnesSayWhatIsAccepted() {
        Outcome o = tt("reliable-deterioration");
        assertThat(o.spec()).isEqualTo("talking-therapies:gad=gad7.total,gad-caseness=8,gad-reliable=4,phq=phq9.total,"
                + "phq-caseness=10,phq-reliable=6,poor=reliable-deterioration");
        assertThat(o.scales()).containsExactly("phq9.total", "gad7.total");
        assertThat(Outcome.parse("talking-therapies", Fixtures.INSTRUMENTS::findScale).spec()).endsWith(
                "poor=not-reliably-recovered");
        assertThatThrownBy(() -> tt("sometimes")).hasMessageContaining("expected one of [not-reliably-recovered, "
                + "not-recovered, not-reliably-improved, reliable-deterioration]");
        assertThatThrownBy(() -> Outcome.parse("talking-therapies:scale=phq9.total", Fixtures.INSTRUMENTS::findScale))
                .hasMessageContaining("Unknown parameter 'scale'");
        assertThatThrownBy(() -> o.poor(org.openrom.core.track.ScoreSeries.consecutive("p", "phq9.total", 1, 2)))
                .hasMessageContaining("judge the patient's history");
    }
}
