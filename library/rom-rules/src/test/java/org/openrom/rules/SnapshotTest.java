package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openrom.rules.Fixtures.adm;
import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.openrom.core.DataFormatException;
import org.openrom.core.monitor.OutcomeMonitor;
import org.quicktheories.generators.Generate;

/** The snapshot format: integrity, strictness, semantic checks, streaming. */
class SnapshotTest {
    private static final String[] SPECS = {
        "deterioration-or-no-change:scale=mood.total",
        "persistent:k=2,rule=(percent-change:scale=mood.total)",
        "talking-therapies"};

    private static OutcomeMonitor monitor() {
        return Fixtures.monitor(SPECS);
    }

    /** A monitor in an interesting state: NOT statuses, a persistent run, pending multi-scale occasions. */
    private static OutcomeMonitor populated() {
        OutcomeMonitor m = monitor();
        int[] mood = {20, 21, 23, 24, 24};
        for (int o = 0; o < mood.length; o++) {
            m.record(adm("p1", "mood", o, mood[o]));
        }
        m.record(adm("p2", "phq9", 0, 15));
        m.record(adm("p2", "gad7", 0, 10));
        m.record(adm("p2", "phq9", 1, 22));
        m.record(adm("p2", "phq9", 2, 23));
        m.record(adm("p3", "mood", 0, 10));
        return m;
    }

    private static byte[] bytes(OutcomeMonitor m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.snapshot(out);
        return out.toByteArray();
    }

    /** Applies an edit to the content and writes a matching digest, as a deliberate editor would. */
    static String reDigested(String snapshot, UnaryOperator<String> edit) throws Exception {
        String body = snapshot.substring(0, snapshot.lastIndexOf("{\"end\""));
        String edited = edit.apply(body);
        long patients = edited.lines().count() - 1;
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(edited.getBytes(StandardCharsets.UTF_8)));
        return edited + "{\"end\":{\"patients\":" + patients + ",\"sha256\":\"" + sha + "\"}}\n";
    }

    @Test
    void streamsRoundTripToIdenticalBytes() {
        OutcomeMonitor m = populated();
        byte[] snap = bytes(m);
        OutcomeMonitor restored = monitor();
        restored.restore(new ByteArrayInputStream(snap));
        assertThat(bytes(restored)).isEqualTo(snap);
        assertThat(restored.snapshot()).isEqualTo(m.snapshot()).isEqualTo(new String(snap, StandardCharsets.UTF_8));
        String text = m.snapshot();
        assertThat(text.lines()).hasSize(5);
        assertThat(text.lines().toList().get(2)).contains("\"pending\":[{\"occasion\":1,\"values\":[22.0,null]},"
                + "{\"occasion\":2,\"values\":[23.0,null]}]");
    }

    @Test
    void everySingleByteMutationIsRejectedOrRestoresTheIdenticalState() {
        byte[] snap = bytes(populated());
        String original = new String(snap, StandardCharsets.UTF_8);
        qt().withExamples(3000).forAll(Generate.range(0, snap.length - 1), Generate.range(0, 255)).checkAssert((pos, b) -> {
            byte[] mutated = snap.clone();
            mutated[pos] = (byte) (int) b;
            OutcomeMonitor target = populated();
            target.record(adm("p9", "mood", 0, 1)); // a state that a failed restore must leave alone
            String before = target.snapshot();
            try {
                target.restore(new ByteArrayInputStream(mutated));
                assertThat(target.snapshot()).isEqualTo(original);
            } catch (DataFormatException e) {
                assertThat(target.snapshot()).isEqualTo(before);
            }
        });
    }

    @Test
    void atEveryPositionTypicalEditsAreRejectedOrRestoreTheIdenticalState() {
        byte[] snap = bytes(populated());
        String original = new String(snap, StandardCharsets.UTF_8);
        OutcomeMonitor target = monitor();
        int accepted = 0;
        for (int pos = 0; pos < snap.length; pos++) {
            for (int b : new int[] {snap[pos] + 1, snap[pos] - 1, '0', '9', '"', ' ', '\n', 0xff}) {
                if ((byte) b == snap[pos]) {
                    continue;
                }
                byte[] mutated = snap.clone();
                mutated[pos] = (byte) b;
                String before = target.snapshot();
                try {
                    target.restore(new ByteArrayInputStream(mutated));
                    accepted++;
                    assertThat(target.snapshot()).isEqualTo(original);
                } catch (DataFormatException e) {
                    assertThat(target.snapshot()).isEqualTo(before);
                }
            }
        }
        assertThat(accepted).as("mutations that were accepted (each restored the identical state)").isLessThan(snap.length);
    }

    @Test
    void theDigestCatchesEditsThatAreOtherwiseValid() {
        String snap = populated().snapshot();
        // baseline 20 -> 19: a plausible number, caught only by the digest
        String edited = snap.replace("\"state\":[5.0,20.0", "\"state\":[5.0,19.0");
        assertThat(edited).isNotEqualTo(snap);
        assertThatThrownBy(() -> monitor().restore(edited)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("end.sha256: the digest does not match the content");
    }

    @Test
    void editsWithARecomputedDigestAreCheckedForMeaning() throws Exception {
        String snap = populated().snapshot();
        OutcomeMonitor m = monitor();
        m.restore(reDigested(snap, s -> s)); // the helper itself writes valid snapshots
        assertThat(m.snapshot()).isEqualTo(snap);
        List<String[]> cases = List.of(
                // persistent counter 0 -> 1e6: "NOT on 1000001 consecutive sessions"
                new String[] {"\"state\":[1.0,2.0,1.0,20.0,4.0]", "\"state\":[1.0,2.0,1.0,20.0,1000000.0]",
                    "NOT on 1000000 consecutive sessions after 5 observation(s)"},
                // a status injected where no assessment was made
                new String[] {"{\"assessed\":0,\"lastAssessed\":-1,\"state\":[0.0,0.0,0.0]}",
                    "{\"assessed\":0,\"lastAssessed\":-1,\"status\":\"NOT_ON_TRACK\",\"state\":[0.0,0.0,0.0]}",
                    "status: present although the rule has made no assessment"},
                // a patient id an Administration would reject
                new String[] {"\"patient\":\"p3\"", "\"patient\":\" p3\"", "patient: expected a patient id"},
                // the id moved out of order (a history moved to another patient)
                new String[] {"\"patient\":\"p3\"", "\"patient\":\"p0\"", "strictly increasing id order"},
                // a counter larger than the occasions allow
                new String[] {"\"assessed\":5,\"lastAssessed\":4", "\"assessed\":6,\"lastAssessed\":4", "impossible"},
                // a baseline outside the scale
                new String[] {"\"state\":[5.0,20.0", "\"state\":[5.0,41.0", "outside mood.total"},
                // unknown and misspelt keys
                new String[] {"\"last\":", "\"lastt\":", "unknown key"},
                new String[] {"\"patient\":\"p3\",", "\"patient\":\"p3\",\"note\":1,", "unknown key"},
                // wrong types
                new String[] {"\"assessed\":5,", "\"assessed\":5.0,", "expected an integer"},
                new String[] {"\"assessed\":5,", "\"assessed\":true,", "expected an integer"},
                new String[] {"\"version\":3", "\"version\":\"3\"", "not supported"},
                new String[] {"\"version\":3", "\"version\":3.0", "not supported"},
                // a pending value that could never complete
                new String[] {"\"values\":[22.0,null]", "\"values\":[22.0,5.0]", "although gad7.total was last recorded at 0"},
                // a negative occasion
                new String[] {"\"last\":[4,", "\"last\":[-2,", "expected an integer >= -1"});
        for (String[] c : cases) {
            assertThat(snap).contains(c[0]);
            String edited = reDigested(snap, s -> s.replace(c[0], c[1]));
            assertThatThrownBy(() -> m.restore(edited)).as(c[1]).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining(c[2]);
            assertThat(m.snapshot()).isEqualTo(snap);
        }
    }

    @Test
    void truncationAndTrailingContentAreRejected() {
        String snap = populated().snapshot();
        OutcomeMonitor m = monitor();
        assertThatThrownBy(() -> m.restore(snap.substring(0, snap.length() - 1))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> m.restore(snap.substring(0, snap.indexOf("{\"end\""))))
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> m.restore(snap + "\n")).hasMessageContaining("unexpected content after the trailer");
        assertThatThrownBy(() -> m.restore("")).hasMessageContaining("ends early");
        assertThat(m.patientCount()).isZero();
    }

    @Test
    void recordsAreBoundedOneByOneNotAsAWhole() {
        // a line longer than the per-record limit is rejected before it is parsed
        StringBuilder huge = new StringBuilder(monitor().snapshot().lines().findFirst().orElseThrow()).append('\n');
        huge.append("{\"patient\":\"").append("x".repeat(65 * 1024 * 1024)).append("\"}\n");
        assertThatThrownBy(() -> monitor().restore(huge.toString())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("snapshot:2: record: longer than 67108864 bytes");
    }
}
