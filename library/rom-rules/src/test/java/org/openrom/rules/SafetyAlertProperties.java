package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.safety.RejectedAdministrationException;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Administration;
import org.quicktheories.generators.Generate;

/**
 * Laws of critical-item alerts: PHQ-9 item 9 alerts if and only if it is positive (or, as an alert of its own kind,
 * unanswered), whatever the other answers, the rules configured, the order of arrival, a snapshot and restore in
 * between, or rejected administrations of other instruments.
 */
class SafetyAlertProperties {
    private static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    private static final String[] SPECS = {
        "deterioration-or-no-change:scale=phq9.total", "reliable-change:scale=phq9.total,sd-pre=5.5,reliability=0.89",
        "talking-therapies", "persistent:k=2,rule=(percent-change:scale=phq9.total)",
        "deterioration-threshold:scale=phq9.total"};

    /** One generated administration and what an oracle says it must raise. */
    record Event(Administration administration, List<String> expected) {
    }

    /**
     * A course of one patient from a seed: PHQ-9s with random answers (sometimes missing, sometimes out of range),
     * item 9 absent, 0 or positive; GAD-7s, some invalid; in a random order of arrival.
     */
    static List<Event> course(long seed) {
        Random rnd = new Random(seed);
        List<Event> out = new ArrayList<>();
        int n = 1 + rnd.nextInt(8);
        for (int occ = 0; occ < n; occ++) {
            Administration.Builder b = Administration.builder("p-" + seed, "phq9", occ);
            for (int i = 1; i <= 8; i++) {
                int r = rnd.nextInt(10);
                if (r == 0) {
                    continue; // missing
                }
                b.answer("q" + i, r == 1 ? 7 : rnd.nextInt(4)); // 7: out of range, the administration is rejected
            }
            int q9 = rnd.nextInt(6) - 1; // -1: unanswered, 0..3 answered, 4: out of range
            List<String> expected = new ArrayList<>();
            if (q9 >= 0) {
                b.answer("q9", q9);
            }
            if (q9 < 0) {
                expected.add("phq9-self-harm-unanswered@" + occ);
            } else if (q9 >= 1) {
                expected.add("phq9-self-harm@" + occ + "=" + q9);
            }
            out.add(new Event(b.build(), expected));
            Administration.Builder g = Administration.builder("p-" + seed, "gad7", occ);
            for (int i = 1; i <= 7; i++) {
                g.answer("q" + i, rnd.nextInt(5) == 0 ? 9 : rnd.nextInt(4)); // 9: invalid, rejected
            }
            out.add(new Event(g.build(), List.of()));
        }
        java.util.Collections.shuffle(out, rnd);
        return out;
    }

    static String key(SafetyAlert a) {
        return a.code() + "@" + a.occasion() + (a.value().isPresent() ? "=" + a.value().getAsInt() : "");
    }

    @Test
    void anAlertFiresIfAndOnlyIfItsConditionHoldsWhateverElseHappens() {
        qt().withExamples(300).forAll(Generate.longRange(0, Long.MAX_VALUE), Generate.range(1, 31),
                Generate.range(-1, 16)).checkAssert((seed, ruleMask, restoreAt) -> {
            List<Event> events = course(seed);
            OutcomeMonitor.Builder mb = OutcomeMonitor.builder().instruments(REG);
            for (int r = 0; r < SPECS.length; r++) {
                if ((ruleMask & (1 << r)) != 0) {
                    mb.rule(SPECS[r]);
                }
            }
            List<String> pushed = new ArrayList<>();
            mb.alertListener(a -> pushed.add(key(a)));
            OutcomeMonitor monitor = mb.build();
            TreeSet<String> expected = new TreeSet<>();
            List<String> returned = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (i == restoreAt) {
                    // a snapshot and a restore into a fresh monitor in between: alerts do not depend on it
                    String snap = monitor.snapshot();
                    monitor = mb.build();
                    monitor.restore(snap);
                }
                Event e = events.get(i);
                expected.addAll(e.expected());
                try {
                    MonitorUpdate u = monitor.record(e.administration());
                    u.alerts().forEach(a -> returned.add(key(a)));
                } catch (RejectedAdministrationException r) {
                    r.alerts().forEach(a -> returned.add(key(a)));
                } catch (ValidationException plain) {
                    // a plain rejection raises no alert: the oracle must agree
                    assertThat(e.expected()).as("rejected without its alert").isEmpty();
                }
            }
            assertThat(new TreeSet<>(returned)).isEqualTo(expected);
            assertThat(returned).hasSameSizeAs(expected).doesNotHaveDuplicates();
            assertThat(pushed).isEqualTo(returned);
        });
    }

    @Test
    void batchScoringRaisesTheSameAlertsAsTheMonitor() {
        qt().withExamples(200).forAll(Generate.longRange(0, Long.MAX_VALUE)).checkAssert(seed -> {
            for (Event e : course(seed)) {
                List<String> got = new ArrayList<>();
                try {
                    REG.get(e.administration().instrumentId()).score(e.administration()).alerts()
                            .forEach(a -> got.add(key(a)));
                } catch (RejectedAdministrationException r) {
                    r.alerts().forEach(a -> got.add(key(a)));
                } catch (ValidationException plain) {
                    assertThat(e.expected()).isEmpty();
                }
                assertThat(got).containsExactlyElementsOf(e.expected());
                // and the pure function says the same, valid or not
                assertThat(REG.get(e.administration().instrumentId()).alerts(e.administration()).stream()
                        .map(SafetyAlertProperties::key).toList()).containsExactlyElementsOf(e.expected());
            }
        });
    }
}
