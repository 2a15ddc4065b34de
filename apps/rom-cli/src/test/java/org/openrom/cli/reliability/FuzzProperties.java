package org.openrom.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.io.CohortInput;
import org.openrom.core.RomException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentDefinitions;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.needs.EvidenceRules;
import org.openrom.core.needs.NeedsTaxonomy;
import org.openrom.core.score.Administration;
import org.openrom.core.track.RuleSpec;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzes every parser with random and mutated inputs: each input either parses or raises a
 * {@link RomException} subtype with a message — never an NPE, ClassCastException, StackOverflowError,
 * OutOfMemoryError or a hang.
 */
@Timeout(120)
class FuzzProperties {
    private static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e999", "NaN",
        "\"odsis\"", "\"answers\"", "\"q1\"", "99999999999", "0.5", "\\u0000", "\n", "\r\n", "\uFEFF", "(", ")", ";", "=",
        "é", "\"\"", "{}", "[]", "\"patientId\"", "\"occasion\"", "\"items\"", "\"scales\"", "\"condition\"", "\"type\""};

    @TempDir
    Path tmp;

    /** Random edits of a seed document: deletions, insertions of tokens or characters, duplications. */
    static Gen<String> mutations(String seed) {
        return Generate.intArrays(Generate.range(1, 8), Generate.range(0, Integer.MAX_VALUE - 1)).map(ops -> {
            StringBuilder s = new StringBuilder(seed);
            for (int op : ops) {
                int pos = s.length() == 0 ? 0 : Math.floorMod(op, s.length() + 1);
                switch (op % 5) {
                    case 0 -> s.delete(pos, Math.min(s.length(), pos + 1 + op % 7));
                    case 1 -> s.insert(pos, TOKENS[op % TOKENS.length]);
                    case 2 -> s.insert(pos, (char) (op % 0x250));
                    case 3 -> {
                        int end = Math.min(s.length(), pos + op % 40);
                        s.insert(pos, s.substring(pos, end));
                    }
                    default -> s.setLength(Math.min(s.length(), pos));
                }
            }
            return s.toString();
        });
    }

    static Gen<String> random() {
        return Generate.intArrays(Generate.range(0, 60), Generate.range(0, TOKENS.length + 60)).map(a -> {
            StringBuilder s = new StringBuilder();
            for (int v : a) {
                s.append(v < TOKENS.length ? TOKENS[v] : String.valueOf((char) (' ' + v - TOKENS.length)));
            }
            return s.toString();
        });
    }

    private static void check(Gen<String> inputs, Consumer<String> parser) {
        qt().withExamples(400).forAll(inputs.mix(random(), 20)).checkAssert(in -> {
            try {
                parser.accept(in);
            } catch (RomException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    @Test
    void administrationsInJson() {
        check(mutations("{\"patientId\":\"p\",\"instrumentId\":\"odsis\",\"occasion\":1,\"date\":\"2024-01-02\","
                + "\"answers\":{\"q1\":1,\"q2\":2},\"comment\":\"c\"}"), s -> {
                    Administration a = RomJson.read(s, Administration.class);
                    REG.find(a.instrumentId()).ifPresent(i -> i.validate(a));
                });
    }

    @Test
    void declarativeInstruments() {
        check(mutations(InstrumentDefinitions.toJson(REG.get("psychlops"))), InstrumentDefinitions::fromJson);
    }

    @Test
    void taxonomyAndEvidenceRules() throws IOException {
        String taxonomy = new String(NeedsTaxonomy.class.getResourceAsStream("taxonomy.json").readAllBytes(), StandardCharsets.UTF_8);
        String evidence = new String(EvidenceRules.class.getResourceAsStream("evidence.json").readAllBytes(), StandardCharsets.UTF_8);
        check(mutations(taxonomy.substring(0, 2500) + "]}"), NeedsTaxonomy::fromJson);
        check(mutations(evidence.substring(0, 1500) + "}]}"), EvidenceRules::fromJson);
    }

    @Test
    void ruleSpecs() {
        check(mutations("any-of:rules=(deterioration-or-no-change:run=3;persistent:k=2,rule=(percent-change))"), s -> {
            RuleSpec spec = RuleSpec.parse(s);
            assertThat(RuleSpec.parse(spec.toString())).isEqualTo(spec);
        });
    }

    @Test
    void monitorSnapshots() {
        OutcomeMonitor m = OutcomeMonitor.builder().rule("deterioration-or-no-change").build();
        m.record(Administration.builder("p1", "odsis", 0).answers("q", 2, 2, 2, 2, 2).build());
        m.record(Administration.builder("p1", "odsis", 1).answers("q", 3, 2, 2, 2, 2).build());
        String snap = m.snapshot();
        check(mutations(snap), s -> OutcomeMonitor.builder().rule("deterioration-or-no-change").build().restore(s));
    }

    private void cohortFile(String name, String seed) {
        check(mutations(seed), s -> {
            Path f = tmp.resolve(name);
            try {
                Files.writeString(f, s, StandardCharsets.UTF_8);
                CohortInput.open(f, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(java.io.Writer.nullWriter()))
                        .forEachPatient(p -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void tidyCsv() {
        cohortFile("fuzz.csv", "patient_id,occasion,instrument,item,value,comment\r\np1,0,odsis,q1,2,\"a, b\"\r\n"
                + "p1,0,odsis,q2,3,\r\np2,1,homework,q1,4,x\r\n");
    }

    @Test
    void scoreCsv() {
        cohortFile("fuzz.csv", "patient_id,occasion,scale,score\np1,0,hamd,12\np1,1,hamd,10.5\np2,0,odsis.total,7\n");
    }

    @Test
    void jsonLines() {
        cohortFile("fuzz.jsonl", "{\"patientId\":\"p\",\"occasion\":0,\"instrumentId\":\"odsis\",\"answers\":{\"q1\":1}}\n"
                + "{\"patientId\":\"p\",\"occasion\":1,\"instrumentId\":\"homework\",\"answers\":{\"q1\":3},\"comment\":\"x\"}\n");
    }

}
