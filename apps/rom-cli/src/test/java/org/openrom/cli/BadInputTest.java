package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad-input case: exit code 3, a message naming file, line, column and value, and no output file. */
class BadInputTest {
    @TempDir
    Path tmp;

    private Cli track(String name, String content) throws IOException {
        Path in = tmp.resolve(name);
        Files.writeString(in, content, StandardCharsets.UTF_8);
        Cli r = Cli.run("track", "--in", in.toString(), "--rule", "deterioration-or-no-change", "--out",
                tmp.resolve("out.jsonl").toString());
        assertThat(r.exit).as(r.err).isEqualTo(3);
        assertThat(tmp.resolve("out.jsonl")).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
        return r;
    }

    private static final String HEADER = "patient_id,occasion,instrument,item,value\n";

    @Test
    void missingColumn() throws IOException {
        assertThat(track("a.csv", "patient_id,occasion,instrument,item\np1,0,odsis,q1\n").err)
                .contains("a.csv:1: header [patient_id, occasion, instrument, item] is neither item-level");
        Path in = tmp.resolve("b.csv");
        Files.writeString(in, "patient_id,occasion,instrument,item\np1,0,odsis,q1\n");
        Cli r = Cli.run("track", "--in", in.toString(), "--input-format", "tidy", "--rule", "deterioration-or-no-change");
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("b.csv:1: missing column 'value'");
    }

    @Test
    void nonIntegerOccasion() throws IOException {
        assertThat(track("c.csv", HEADER + "p1,0,odsis,q1,2\np1,1.5,odsis,q1,2\n").err)
                .contains("rom: c.csv:3:2: column occasion: got '1.5', expected a whole number of ASCII digits");
        assertThat(track("c2.csv", HEADER + "p1,٣,odsis,q1,2\n").err).contains("c2.csv:2:2: column occasion");
    }

    @Test
    void unknownInstrumentAndItem() throws IOException {
        assertThat(track("d.csv", HEADER + "p1,0,bdi,q1,2\n").err)
                .contains("d.csv:2:3: column instrument: got 'bdi', expected an installed instrument: ");
        assertThat(track("e.csv", HEADER + "p1,0,odsis,q9,2\n").err)
                .contains("e.csv:2:4: column item: got 'q9', expected an item of odsis: q1, q2, q3, q4, q5");
    }

    @Test
    void valueOutOfRange() throws IOException {
        assertThat(track("f.csv", HEADER + "p1,0,odsis,q1,7\n").err)
                .contains("f.csv:2:5: column value: got '7', expected an integer in 0..4");
        assertThat(track("g.csv", HEADER + "p1,0,odsis,q1,NaN\n").err).contains("g.csv:2:5: column value: got a text of 3 characters");
    }

    @Test
    void duplicateAdministration() throws IOException {
        assertThat(track("h.csv", HEADER + "p1,0,odsis,q1,2\np1,0,odsis,q1,3\n").err)
                .contains("h.csv:3:4: column item: got 'q1', expected each item once per administration (duplicate row for "
                        + "patient p1, occasion 0, odsis)");
        assertThat(track("h.jsonl", "{\"patientId\":\"p\",\"occasion\":0,\"instrumentId\":\"odsis\",\"answers\":{\"q1\":1}}\n"
                + "{\"patientId\":\"p\",\"occasion\":0,\"instrumentId\":\"odsis\",\"answers\":{\"q1\":1}}\n").err)
                .contains("h.jsonl:2: duplicate administration: patient p, occasion 0, odsis appears twice");
    }

    @Test
    void scoreLevelProblems() throws IOException {
        assertThat(track("s.csv", "patient_id,occasion,scale,score\np1,0,hamd,12\np1,0,hamd,13\n").err)
                .contains("s.csv:3:2: column occasion: got '0', expected one score per patient, scale and occasion");
        assertThat(track("s2.csv", "patient_id,occasion,scale,score\np1,0,hamd,twelve\n").err)
                .contains("s2.csv:2:4: column score: got a text of 6 characters, expected a finite decimal number");
    }

    @Test
    void jsonLinesProblemsNameTheLineAndField() throws IOException {
        assertThat(track("j.jsonl", "{\"patientId\":\"p\",\"occasion\":0,\"instrumentId\":\"odsis\",\"answers\":{\"q1\":9}}\n").err)
                .contains("j.jsonl:1: administration of odsis for patient p at occasion 0: answers.q1: got 9, expected an integer in 0..4");
        assertThat(track("k.jsonl", "{\"patientId\":\"p\",\"occasion\":0,\n").err).contains("k.jsonl:1");
        assertThat(track("l.jsonl", "{\"patientId\":\"p\",\"occasion\":\"x\",\"instrumentId\":\"odsis\",\"answers\":{}}\n").err)
                .contains("l.jsonl:1: not an administration: occasion: got a text of 1 character");
    }

    @Test
    void freeTextIsNeverEchoed() throws IOException {
        assertThat(track("m.csv", HEADER + "p1,0,odsis,q1,I feel very low today\n").err)
                .contains("a text of 21 characters").doesNotContain("very low");
    }

    @Test
    void badRuleSpecsAreUsageErrorsOfTheInput() throws IOException {
        Path in = tmp.resolve("ok.csv");
        Files.writeString(in, HEADER + "p1,0,odsis,q1,2\n");
        Cli r = Cli.run("track", "--in", in.toString(), "--rule", "deterioration-or-no-change:runs=2");
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("Unknown parameter 'runs' for rule 'deterioration-or-no-change'; accepted:");
    }
}
