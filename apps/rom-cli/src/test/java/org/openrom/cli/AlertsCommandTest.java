package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.json.RomJson;
import org.openrom.core.safety.SafetyAlert;

/** Critical-item alerts through {@code rom score} and {@code rom track}: their own file, and a count --quiet keeps. */
class AlertsCommandTest {
    @TempDir
    Path tmp;

    /** Two patients' PHQ-9s; p-1 answers item 9 with 1 at session 1, p-2 leaves it unanswered at session 0. */
    private Path cohort() throws IOException {
        StringBuilder csv = new StringBuilder("patient_id,occasion,instrument,item,value\n");
        int[][] p1 = {{2, 2, 2, 2, 2, 2, 2, 2, 0}, {2, 2, 2, 2, 2, 2, 2, 2, 1}};
        for (int occ = 0; occ < p1.length; occ++) {
            for (int i = 0; i < 9; i++) {
                csv.append("p-1,").append(occ).append(",phq9,q").append(i + 1).append(',').append(p1[occ][i]).append('\n');
            }
        }
        for (int i = 0; i < 8; i++) {
            csv.append("p-2,0,phq9,q").append(i + 1).append(",1\n");
        }
        Path f = tmp.resolve("phq.csv");
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void scoreAndTrackWriteEveryAlertAndAlwaysSayHowMany() throws IOException {
        Path in = cohort();
        Path alerts = tmp.resolve("alerts.jsonl");
        Cli s = Cli.run("score", "--in", in.toString(), "--alerts", alerts.toString(), "--quiet");
        assertThat(s.exit).as(s.err).isZero();
        // --quiet drops the summary, never the alerts
        assertThat(s.err).contains("2 safety alerts (critical items) for 2 patients in " + alerts);
        List<SafetyAlert> got = Files.readAllLines(alerts).stream().map(l -> RomJson.read(l, SafetyAlert.class)).toList();
        assertThat(got).extracting(a -> a.patientId() + "@" + a.occasion() + ":" + a.code())
                .containsExactly("p-1@1:phq9-self-harm", "p-2@0:phq9-self-harm-unanswered");
        assertThat(got.get(0).value()).hasValue(1);
        // the scores' own JSON carries them too
        assertThat(s.out).contains("\"alerts\":[{").contains("\"code\":\"phq9-self-harm\"");

        Path trackAlerts = tmp.resolve("track-alerts.jsonl");
        Cli t = Cli.run("track", "--in", in.toString(), "--rule", "deterioration-or-no-change:scale=phq9.total",
                "--alerts", trackAlerts.toString());
        assertThat(t.exit).as(t.err).isZero();
        assertThat(Files.readAllLines(trackAlerts)).isEqualTo(Files.readAllLines(alerts));
        // without --alerts the count still shows, with how to get them
        Cli bare = Cli.run("track", "--in", in.toString(), "--rule", "deterioration-or-no-change:scale=phq9.total",
                "--format", "csv");
        assertThat(bare.err).contains("2 safety alerts (critical items) for 2 patients: write them with --alerts FILE");
    }
}
