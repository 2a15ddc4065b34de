package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openrom.rules.Fixtures.adm;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openrom.core.ConfigurationException;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.json.RomJson;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.monitor.StatusTransition;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackStatus;

class OutcomeMonitorTest {

    private static OutcomeMonitor monitor(String... specs) {
        return Fixtures.monitor(specs);
    }

    @Test
    void flagsAPatientAndReportsTheTransition() {
        OutcomeMonitor m = monitor("deterioration-or-no-change:scale=mood.total");
        assertThat(m.record(adm("p1", "mood", 0, 20)).transitions()).singleElement()
                .satisfies(t -> assertThat(t.to()).isEqualTo(TrackStatus.INSUFFICIENT_DATA));
        assertThat(m.record(adm("p1", "mood", 1, 18)).transitions()).singleElement()
                .satisfies(t -> assertThat(t.from()).contains(TrackStatus.INSUFFICIENT_DATA));
        MonitorUpdate u = m.record(adm("p1", "mood", 5, 23));
        assertThat(u.becameNotOnTrack()).isTrue();
        StatusTransition t = u.transitions().get(0);
        assertThat(t.occasion()).isEqualTo(5);
        assertThat(t.from()).contains(TrackStatus.ON_TRACK);
        assertThat(u.assessments().get(0).reasons().get(0).sentence()).isEqualTo("Mood 23 is 3 points worse than baseline 20 at session 5");
        assertThat(m.record(adm("p1", "mood", 6, 24)).transitions()).isEmpty();
        assertThat(m.status("p1")).containsValue(TrackStatus.NOT_ON_TRACK);
        assertThat(m.status("nobody")).isEmpty();
    }

    @Test
    void aRejectedAdministrationLeavesTheMonitorUnchanged() {
        OutcomeMonitor m = monitor("deterioration-or-no-change:scale=mood.total");
        m.record(adm("p1", "mood", 0, 20));
        m.record(adm("p1", "mood", 2, 20));
        String before = m.snapshot();
        assertThatThrownBy(() -> m.record(adm("p1", "mood", 3, 99))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("answers.q: got 99, expected an integer in 0..40");
        assertThatThrownBy(() -> m.record(adm("p1", "mood", 2, 20))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("occasion: got 2, expected an occasion after 2, the last recorded for mood.total (duplicate occasion)");
        assertThatThrownBy(() -> m.record(adm("p1", "mood", 1, 20)))
                .hasMessageContaining("(out of order)");
        assertThatThrownBy(() -> m.record(adm("p1", "nope", 4, 1))).hasMessageContaining("Unknown instrument 'nope'");
        assertThat(m.snapshot()).isEqualTo(before);
    }

    @Test
    void administrationsOfScalesNoRuleReadsAreScoredWithoutAssessments() {
        OutcomeMonitor m = monitor("deterioration-or-no-change:scale=mood.total");
        MonitorUpdate u = m.record(adm("p1", "gain", 0, 50));
        assertThat(u.scores().scores()).hasSize(1);
        assertThat(u.assessments()).isEmpty();
    }

    @Test
    void multiScaleRulesWaitForEveryScaleOfAnOccasion() {
        OutcomeMonitor m = monitor("talking-therapies");
        assertThat(m.record(adm("p", "phq9", 0, 15)).assessments()).isEmpty();
        assertThat(m.record(adm("p", "gad7", 0, 10)).assessments()).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(TrackStatus.INSUFFICIENT_DATA));
        assertThat(m.record(adm("p", "phq9", 1, 22)).assessments()).isEmpty();
        String snap = m.snapshot();
        OutcomeMonitor restored = monitor("talking-therapies");
        restored.restore(snap);
        assertThat(restored.record(adm("p", "gad7", 1, 10)).assessments()).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(TrackStatus.NOT_ON_TRACK));
    }

    @Test
    void aCustomRuleAddedThroughTheSpiIsDiscoveredAndUsedByName() {
        assertThat(Fixtures.RULES.provider("test-step")).isPresent();
        OutcomeMonitor m = monitor("test-step:max=3");
        m.record(adm("p", "mood", 0, 10));
        assertThat(m.record(adm("p", "mood", 1, 14)).assessments().get(0).status()).isEqualTo(TrackStatus.NOT_ON_TRACK);
        assertThat(m.rules().get(0).ref().spec()).isEqualTo("test-step:max=3,scale=mood.total");
    }

    @Test
    void restoreRejectsSnapshotsOfOtherRulesOrFormatsAndCorruptedOnes() {
        OutcomeMonitor m = monitor("deterioration-or-no-change:scale=mood.total");
        m.record(adm("p1", "mood", 0, 20));
        String snap = m.snapshot();
        assertThatThrownBy(() -> monitor("percent-change:scale=mood.total").restore(snap))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("differs from this monitor's");
        assertThatThrownBy(() -> m.restore(snap.replace("\"version\":3", "\"version\":1")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("version number 1 is not supported");
        assertThatThrownBy(() -> m.restore("{\"format\":\"something\"}\n")).hasMessageContaining("not an OpenROM monitor snapshot");
        assertThatThrownBy(() -> m.restore(snap.substring(0, snap.length() / 2))).isInstanceOf(DataFormatException.class);
        assertThatThrownBy(() -> m.restore(snap.replace("\"state\":[", "\"state\":[1,"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("snapshot:2: rules[0].state");
        assertThat(m.snapshot()).isEqualTo(snap);
    }

    @Test
    void buildingFailsClearly() {
        assertThatThrownBy(() -> OutcomeMonitor.builder().instruments(Fixtures.INSTRUMENTS).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least one rule");
        assertThatThrownBy(() -> monitor("deterioration-or-no-change:scale=mood.total", "deterioration-or-no-change:scale=mood.total"))
                .hasMessageContaining("given twice");
    }

    @Test
    void updatesRoundTripThroughJson() {
        OutcomeMonitor m = monitor("deterioration-or-no-change:scale=mood.total", "reliable-change:scale=mood.total");
        m.record(adm("p1", "mood", 0, 20));
        MonitorUpdate u = m.record(Administration.builder("p1", "mood", 1).answer("q", 27).comment("hard week").build());
        assertThat(RomJson.read(RomJson.write(u), MonitorUpdate.class)).isEqualTo(u);
        assertThat(u.assessments()).hasSize(2);
        assertThat(u.transitions()).extracting(StatusTransition::from).containsOnly(Optional.of(TrackStatus.INSUFFICIENT_DATA));
        assertThat(List.of(RomJson.write(u))).noneMatch(s -> s.contains("hard week"));
    }
}
