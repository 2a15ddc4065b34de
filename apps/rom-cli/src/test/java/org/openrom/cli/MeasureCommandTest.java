package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rom measure}: the quality measures on a researcher's tidy CSV. */
class MeasureCommandTest {
    /** p1 in remission, p2 too young, p3 in hospice, p4 never indexed, p5 indexed and not in remission. */
    static final String COHORT = """
            patient_id,birth_date,date,score,visit,depression,hospice
            p1,1980-01-01,2024-03-01,15,1,1,
            p1,,2025-03-01,3,,,
            p2,2012-06-01,2024-05-01,18,1,1,
            p2,,2025-05-10,9,,,
            p3,1950-01-01,2024-04-01,20,1,1,
            p3,,2025-01-01,,,,1
            p4,1990-01-01,2024-02-01,8,1,1,
            p5,2008-01-01,2024-06-01,12,1,1,
            p5,,2025-06-01,6,,,
            p5,,2025-06-02,31,,,
            """;

    @TempDir
    Path tmp;

    private Path cohort() throws IOException {
        return Files.writeString(tmp.resolve("m.csv"), COHORT);
    }

    @Test
    void theSummaryGivesPopulationsRateAndStrata() throws IOException {
        Cli r = Cli.run("measure", "--in", cohort().toString(), "--period", "2025");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("## cms159: Depression Remission at Twelve Months", "| initial population | 3 |",
                "| denominator exclusions | 1 |", "| numerator | 1 |",
                "Performance rate: 50.0% (9.5–90.5%), 1 of 2", "| 12-17 | 1 | 0 | 0 | 0.0%", "| 18+ | 2 | 1 | 1 | 100.0%",
                "index visits ending 2023-11-01..2024-10-31");
        assertThat(r.err).contains("1 data issue (scores outside 0..27, used as the published logic uses them): list "
                + "them with --patients FILE", "5 patients, 3 in the denominator of cms159");
    }

    @Test
    void csvAndJsonCarryTheSameNumbersAndPatientsTheirReasons() throws IOException {
        Path patients = tmp.resolve("patients.csv");
        Cli csv = Cli.run("measure", "--in", cohort().toString(), "--period", "2025-01-01..2025-12-31", "--measure",
                "cms159,dep-rem-6", "--format", "csv", "--patients", patients.toString(), "--quiet");
        assertThat(csv.exit).as(csv.err).isZero();
        List<String> rows = csv.out.lines().toList();
        assertThat(rows.get(0)).startsWith("measure,period_start,period_end,stratum,patients,initial_population");
        assertThat(rows.get(1)).startsWith("cms159,2025-01-01,2025-12-31,all,5,3,3,1,1,0.5,");
        assertThat(rows).anyMatch(l -> l.startsWith("dep-rem-6,2025-01-01,2025-12-31,all,5,"));
        List<String> p = Files.readAllLines(patients);
        assertThat(p.get(0)).isEqualTo("measure,patient_id,initial_population,denominator,denominator_exclusion,numerator,"
                + "index_date,index_score,closing_date,closing_score,age_at_index,stratum,exclusions,evidence,issues,reason");
        assertThat(p).contains("cms159,p3,1,1,1,0,2024-04-01,20,,,74,18+,hospice,m.csv:6;m.csv:7,,excluded (hospice) "
                + "between 2023-11-01 and 2025-05-31; index 20 on 2024-04-01");
        assertThat(p).anyMatch(l -> l.startsWith("cms159,p5,1,1,0,0,2024-06-01,12,2025-06-02,31,16,12-17,,")
                && l.contains("score 31 outside 0..27") && l.contains("no remission (below 5)"));
        Path lines = tmp.resolve("patients.jsonl");
        Cli jl = Cli.run("measure", "--in", cohort().toString(), "--period", "2025", "--patients", lines.toString(),
                "--quiet");
        assertThat(jl.exit).as(jl.err).isZero();
        List<String> pl = Files.readAllLines(lines);
        assertThat(pl).hasSize(5);
        JsonNode p3 = new ObjectMapper().readTree(pl.get(2));
        assertThat(p3.get("patientId").asText()).isEqualTo("p3");
        assertThat(p3.get("denominatorExclusion").asBoolean()).isTrue();
        assertThat(p3.get("exclusions").get(0).asText()).isEqualTo("hospice");
        assertThat(p3.get("index").get("score").asDouble()).isEqualTo(20.0);
        assertThat(p3.get("evidence")).hasSize(2);
        Cli json = Cli.run("measure", "--in", cohort().toString(), "--period", "2025", "--format", "json", "--quiet");
        JsonNode m = new ObjectMapper().readTree(json.out).get("measures").get(0);
        assertThat(m.get("id").asText()).isEqualTo("cms159");
        assertThat(m.get("total").get("numerator").asInt()).isEqualTo(1);
        assertThat(m.get("total").get("rate").get("estimate").asDouble()).isEqualTo(0.5);
        assertThat(m.get("identificationPeriod").get("end").asText()).isEqualTo("2024-10-31");
        assertThat(m.get("strata").get("12-17").get("denominator").asInt()).isEqualTo(1);
        assertThat(m.get("dataIssues").asInt()).isEqualTo(1);
    }

    @Test
    void bareDaysCompareAsPublishedUnlessAskedToCompareWholeDays() throws IOException {
        // a visit on the identification period's first day, recorded as a day: undecided in the published logic
        Path in = Files.writeString(tmp.resolve("edge.csv"), "patient_id,birth_date,date,score,visit,depression\n"
                + "e1,1980-01-01,2023-11-01,15,1,1\ne1,,2024-11-01,3,,\n");
        Cli published = Cli.run("measure", "--in", in.toString(), "--period", "2025", "--format", "json", "--quiet");
        Cli days = Cli.run("measure", "--in", in.toString(), "--period", "2025", "--format", "json", "--quiet",
                "--comparisons", "days");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(published.out).get("measures").get(0).get("total").get("initialPopulation").asInt()).isZero();
        JsonNode d = json.readTree(days.out).get("measures").get(0);
        assertThat(d.get("total").get("numerator").asInt()).isEqualTo(1);
        assertThat(d.get("comparisons").asText()).isEqualTo("days");
        assertThat(Cli.run("measure", "--in", in.toString(), "--period", "2025", "--comparisons", "hours").err)
                .contains("--comparisons: got 'hours', expected published or days");
    }

    @Test
    void mistakesAreNamed() throws IOException {
        Path in = cohort();
        Cli period = Cli.run("measure", "--in", in.toString(), "--period", "2025-12-31..2025-01-01");
        assertThat(period.exit).isEqualTo(3);
        assertThat(period.err).contains("end: got 2025-01-01, expected a day on or after start (2025-12-31)");
        Cli unknown = Cli.run("measure", "--in", in.toString(), "--period", "2025", "--measure", "cms2");
        assertThat(unknown.exit).isNotZero();
        assertThat(unknown.err).contains("cms2", "cms159, dep-rem-6, response-12, response-6");
        Cli twice = Cli.run("measure", "--in", in.toString(), "--period", "2025", "--measure", "cms159,cms159");
        assertThat(twice.err).contains("--measure: cms159 is named twice");
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "patient_id,date,score\np1,2025-01-01,x\n");
        Cli cell = Cli.run("measure", "--in", bad.toString(), "--period", "2025", "--out", tmp.resolve("o.md").toString());
        assertThat(cell.exit).isEqualTo(3);
        assertThat(cell.err).contains("bad.csv:2:3: column score");
        assertThat(tmp.resolve("o.md")).doesNotExist();
        Cli format = Cli.run("measure", "--in", in.toString(), "--period", "2025", "--format", "xml");
        assertThat(format.err).contains("xml");
    }
}
