package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a researcher publishes from: flat CSV from every command, consistent option names, silent failures made loud
 * (rules and outcomes on scales that are not there, patients left out by reason), several outcomes in one run, the
 * summary line, progress, {@code --quiet} and the reproducibility manifest.
 */
class ResearchOutputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path cohort;

    @BeforeAll
    static void generate() {
        cohort = tmp.resolve("cohort.csv");
        Cli g = Cli.run("generate", "--patients", "80", "--seed", "5", "--out", cohort.toString());
        assertThat(g.exit).as(g.err).isZero();
    }

    @Test
    void trackWritesFlatCsvWithOneColumnPerDetailAndFormatMeansOutputEverywhere() throws IOException {
        Cli csv = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "reliable-change:sd-pre=4", "--format", "csv", "--quiet");
        assertThat(csv.exit).as(csv.err).isZero();
        List<String> lines = csv.out.lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header.subList(0, 8)).containsExactly("patient_id", "group_id", "occasion", "rule", "label", "status",
                "reasons", "explanation");
        assertThat(header).contains("baseline", "worsening", "noChangeRun");
        Cli jsonl = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "reliable-change:sd-pre=4", "--quiet");
        assertThat(lines).hasSize(1 + (int) jsonl.out.lines().count()); // the same records, one row each
        List<List<String>> rows = records(csv.out);
        assertThat(rows.get(1).subList(0, 7)).containsExactly("g001-p1", "g001", "0", "deterioration-or-no-change:"
                + "deterioration=3,mode=improvement,no-change=2,reference=baseline,run=3,scale=odsis.total,sticky=false",
                "deterioration-or-no-change", "INSUFFICIENT_DATA", "baseline");
        // every row has every column; a detail's column is empty where a rule does not report it
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(header.size()));
        assertThat(rows.get(1).get(header.indexOf("baseline"))).isEqualTo("12");
        assertThat(rows.get(1).get(header.indexOf("worsening"))).isEmpty();
        Cli wrong = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--format", "tidy");
        assertThat(wrong.exit).isEqualTo(2);
        assertThat(wrong.err).contains("--format: got 'tidy', expected jsonl, jsonl-compact or csv (--format is the output's format; the "
                + "input's is --input-format)");
        Cli score = Cli.run("score", "--in", cohort.toString(), "--format", "csv", "--quiet");
        assertThat(score.exit).as(score.err).isZero();
        assertThat(score.out).startsWith("patient_id,occasion,date,instrument,scale,score,missing_reason,items_answered,"
                + "items_total,prorated\n").contains(",odsis,odsis.total,");
    }

    @Test
    void rulesOnScalesThatAreNotInTheDataAreAnErrorOrAWarning() {
        Cli none = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change:scale=phq9.total");
        assertThat(none.exit).isEqualTo(3);
        assertThat(none.err).contains("nothing evaluated: none of 80 patients has an observation of the scales the rules "
                + "read: deterioration-or-no-change (reads phq9.total)");
        assertThat(none.out).isEmpty();
        Cli some = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "deterioration-or-no-change:scale=phq9.total", "--outcome", "not-improved:by=4", "--format", "json");
        assertThat(some.exit).as(some.err).isZero();
        assertThat(some.err).contains("warning: rule deterioration-or-no-change (reads phq9.total) evaluated no patient");
        Cli outcome = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:scale=phq9.total");
        assertThat(outcome.exit).isEqualTo(3);
        assertThat(outcome.err).contains("nothing to compare for outcome not-improved:by=6,scale=phq9.total: all 80 "
                + "patients left out (80 no observation of phq9.total)");
    }

    @Test
    void severalOutcomesInOneRunWithTheirDefinitionsGroupBurdenAndCsv() throws IOException {
        Cli json = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "reliable-change:sd-pre=4", "--outcome", "not-improved:by=4", "--outcome", "reliable-deterioration:by=4",
                "--outcome", "drop-out:before=12", "--format", "json");
        assertThat(json.exit).as(json.err).isZero();
        JsonNode cs = JSON.readTree(json.out).get("comparisons");
        assertThat(cs).hasSize(3);
        assertThat(cs.get(1).get("outcome").get("spec").asText()).isEqualTo("reliable-deterioration:by=4,scale=odsis.total");
        assertThat(cs.get(2).get("outcome").get("kind").asText()).isEqualTo("drop-out");
        for (JsonNode c : cs) {
            assertThat(c.get("poor_outcomes").asInt()).isBetween(0, c.get("patients").asInt());
            JsonNode gb = c.get("rules").get(0).get("group_burden");
            assertThat(gb.get("groups").asInt()).isEqualTo(10); // 80 patients in groups of 8
            assertThat(gb.get("min").asDouble()).isLessThanOrEqualTo(gb.get("median").asDouble());
            assertThat(c.get("rules").get(0).get("label").asText()).isEqualTo("deterioration-or-no-change");
        }
        Cli csv = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--outcome", "case-at-end:cutoff=8", "--format", "csv", "--cluster-bootstrap", "200");
        assertThat(csv.exit).as(csv.err).isZero();
        List<String> lines = csv.out.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("outcome,number,label,rule,swept,patients,poor_outcomes,evaluated,flagged,tp,");
        List<List<String>> rows = records(csv.out);
        assertThat(rows.get(2).subList(0, 3)).containsExactly("case-at-end:cutoff=8,scale=odsis.total", "1",
                "deterioration-or-no-change");
        List<String> header = rows.get(0);
        double low = Double.parseDouble(rows.get(1).get(header.indexOf("cluster_sensitivity_low")));
        double sens = Double.parseDouble(rows.get(1).get(header.indexOf("sensitivity")));
        assertThat(low).isLessThanOrEqualTo(sens);
        assertThat(Integer.parseInt(rows.get(1).get(header.indexOf("tp"))) + Integer.parseInt(rows.get(1)
                .get(header.indexOf("fn")))).isEqualTo(Integer.parseInt(rows.get(1).get(header.indexOf("poor_outcomes"))));
        Cli md = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change:run=2", "--rule",
                "deterioration-or-no-change:run=3", "--outcome", "not-improved:by=4");
        assertThat(md.out).contains("| 1 | deterioration-or-no-change (run=2) |", "Alarm burden per therapy group",
                "1. deterioration-or-no-change (run=2): `deterioration-or-no-change:deterioration=3,");
    }

    @Test
    void changeSaysWhyPatientsAreLeftOutAndFollowsTheCurrentPackageByDefault() throws IOException {
        Path scores = tmp.resolve("change.csv");
        Files.writeString(scores, "patient_id,occasion,scale,score\n"
                + "a,1,hamd,20\na,4,hamd,8\nb,1,hamd,25\nb,4,hamd,24\nc,1,hamd,18\nd,4,hamd,9\ne,2,hamd,3\nf,1,other,1\n");
        Cli r = Cli.run("change", "--in", scores.toString(), "--scale", "hamd", "--pre", "1", "--post", "4",
                "--reliability", "0.8", "--method", "en");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).contains("warning: 4 of 6 patients left out: 1 no score at the post occasion 4; 1 no score at "
                + "the pre occasion 1; 1 no score at the pre or the post occasion; 1 no score of hamd");
        JsonNode s = JSON.readTree(r.out).get("summary");
        assertThat(s.get("critical").asDouble()).isEqualTo(1.959963984540054);
        assertThat(s.get("critical_values").asText()).isEqualTo("clinicalsignificance 2.x");
        assertThat(s.get("excluded_by_reason").get("no score of hamd").asInt()).isEqualTo(1);
        Cli old = Cli.run("change", "--in", scores.toString(), "--scale", "hamd", "--pre", "1", "--post", "4",
                "--reliability", "0.8", "--method", "en", "--critical-values", "1.x", "--quiet");
        assertThat(JSON.readTree(old.out).get("summary").get("critical").asDouble()).isEqualTo(2.0);
        assertThat(old.err).as("--quiet leaves only warnings").contains("warning: 4 of 6").doesNotContain("rom change: 6 patients");
        Cli none = Cli.run("change", "--in", scores.toString(), "--scale", "hamd", "--pre", "1", "--post", "9",
                "--reliability", "0.8");
        assertThat(none.exit).isEqualTo(3);
        assertThat(none.err).contains("nothing to analyse: 0 of 6 patients have scores of hamd at both occasion 1 and "
                + "occasion 9");
        Cli tie = Cli.run("change", "--in", scores.toString(), "--scale", "hamd", "--pre", "1", "--post", "4",
                "--reliability", "0.8", "--cutoff-tie", "sometimes");
        assertThat(tie.exit).isEqualTo(2);
        assertThat(tie.err).contains("--cutoff-tie: got 'sometimes', expected one of neither, package, clinical");
        Cli post = Cli.run("change", "--in", scores.toString(), "--scale", "hamd", "--pre", "1", "--post", "4",
                "--reliability", "0.8", "--reliability-post", "0.9");
        assertThat(post.exit).isEqualTo(2);
        assertThat(post.err).contains("--reliability-post: only --method nk uses a post reliability");
    }

    @Test
    void fittedRulesAreJudgedOnPatientsTheyWereNotFittedOn() throws IOException {
        Path ref = tmp.resolve("ref.csv");
        assertThat(Cli.run("generate", "--patients", "80", "--seed", "11", "--out", ref.toString()).exit).isZero();
        // a named reference file, by its file name or by a name given
        Cli byFile = Cli.run("compare", "--in", cohort.toString(), "--rule", "percentile-boundary:reference=ref.csv",
                "--reference", ref.toString(), "--outcome", "not-improved:by=4", "--format", "json", "--quiet");
        assertThat(byFile.exit).as(byFile.err).isZero();
        Cli byName = Cli.run("compare", "--in", cohort.toString(), "--rule", "percentile-boundary:reference=norms",
                "--reference", "norms=" + ref, "--outcome", "not-improved:by=4", "--format", "json", "--quiet");
        assertThat(rows(byName.out)).isEqualTo(rows(byFile.out));
        Cli track = Cli.run("track", "--in", cohort.toString(), "--rule", "expected-response:reference=norms",
                "--reference", "norms=" + ref, "--quiet");
        assertThat(track.exit).as(track.err).isZero();
        assertThat(track.out).contains("\"status\":\"NOT_ON_TRACK\"");
        // a split by group equals fitting on the training groups' file and evaluating on the test groups' file
        org.openrom.rules.research.HoldOut h = org.openrom.rules.research.HoldOut.split(
                org.openrom.rules.research.HoldOut.Unit.GROUP, 0.4, 3);
        List<String> lines = Files.readAllLines(cohort);
        StringBuilder train = new StringBuilder(lines.get(0)).append('\n');
        StringBuilder test = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            (h.fold(f[0], f[5]) == 0 ? test : train).append(line).append('\n');
        }
        Path trainFile = tmp.resolve("train.csv");
        Path testFile = tmp.resolve("test.csv");
        Files.writeString(trainFile, train);
        Files.writeString(testFile, test);
        String[] rules = {"--rule", "percentile-boundary:reference=training", "--rule", "expected-response:reference=training",
            "--outcome", "not-improved:by=4", "--format", "json", "--quiet"};
        Cli manual = Cli.run(concat(new String[] {"compare", "--in", testFile.toString(), "--reference",
            "training=" + trainFile}, rules));
        Cli split = Cli.run(concat(new String[] {"compare", "--in", cohort.toString(), "--split", "group", "--test-fraction",
            "0.4", "--seed", "3"}, rules));
        assertThat(split.exit).as(split.err).isZero();
        assertThat(manual.exit).as(manual.err).isZero();
        assertThat(rows(split.out)).isEqualTo(rows(manual.out));
        assertThat(JSON.readTree(split.out).get("hold_out").asText()).isEqualTo("split by group, 40% test, seed 3");
        assertThat(split.err).contains("split by group, 40% test, seed 3: ");
        // k-fold: every patient evaluated once
        Cli kfold = Cli.run(concat(new String[] {"compare", "--in", cohort.toString(), "--folds", "4"}, rules));
        assertThat(kfold.exit).as(kfold.err).isZero();
        assertThat(JSON.readTree(kfold.out).get("patients").asInt()).isEqualTo(80);
        Cli unknown = Cli.run(concat(new String[] {"compare", "--in", cohort.toString()}, rules));
        assertThat(unknown.exit).isEqualTo(3);
        assertThat(unknown.err).contains("Unknown reference cohort 'training'; known: none", "Give the cohort with "
                + "--reference NAME=FILE");
        Cli missing = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--reference", tmp.resolve("nope.csv").toString());
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.err).contains("--reference: got ").contains("expected [NAME=]FILE naming a readable cohort file");
    }

    @Test
    void aContinuousIndexGetsItsOwnRocWithAnInterval() throws IOException {
        Path plot = tmp.resolve("index-roc.svg");
        Cli json = Cli.run("compare", "--in", cohort.toString(), "--rule", "reliable-change:sd-pre=4", "--outcome",
                "not-improved:by=4", "--roc-index", "rci", "--format", "json", "--plot", plot.toString(), "--quiet");
        assertThat(json.exit).as(json.err).isZero();
        JsonNode roc = JSON.readTree(json.out).get("index_roc");
        assertThat(roc.get("detail").asText()).isEqualTo("rci");
        assertThat(roc.get("auc").asDouble()).isBetween(0.5, 1.0);
        assertThat(roc.get("low").asDouble()).isLessThan(roc.get("auc").asDouble());
        assertThat(roc.get("poor").asInt()).isPositive()
                .isLessThanOrEqualTo(JSON.readTree(json.out).get("poor_outcomes").asInt());
        JsonNode last = roc.get("points").get(roc.get("points").size() - 1);
        assertThat(last.get("fpr").asDouble()).isEqualTo(1.0);
        assertThat(Files.readString(plot)).contains("class=\"index\"", "ROC of rci (AUC ", "orange curve: every threshold on rci");
        // the lower end of a detail read the other way round is a different curve
        Cli lower = Cli.run("compare", "--in", cohort.toString(), "--rule", "reliable-change:sd-pre=4", "--outcome",
                "not-improved:by=4", "--roc-index", "rci:lower", "--format", "json", "--quiet");
        assertThat(JSON.readTree(lower.out).get("index_roc").get("auc").asDouble()).isLessThan(0.5);
        Cli md = Cli.run("compare", "--in", cohort.toString(), "--rule", "reliable-change:sd-pre=4", "--outcome",
                "not-improved:by=4", "--roc-index", "rci", "--quiet");
        assertThat(md.out).contains("ROC of the continuous index `rci` of `reliable-change:", "Hanley & McNeil 1982");
        // with sd-pre 2.5 a change of 1 point has |rci| 0.89 and of 2 points 1.79: critical 1 and 1.5 flag alike, and
        // their points share one label instead of overprinting
        Path sweep = tmp.resolve("sweep.svg");
        Cli sw = Cli.run("compare", "--in", cohort.toString(), "--rule", "reliable-change:sd-pre=2.5", "--sweep",
                "critical=1..2:0.5", "--outcome", "not-improved:by=4", "--plot", sweep.toString(), "--quiet");
        assertThat(sw.exit).as(sw.err).isZero();
        assertThat(Files.readString(sweep)).contains(">1, 2</text>").doesNotContain(">2</text>");
        Cli none = Cli.run("compare", "--in", cohort.toString(), "--rule", "reliable-change:sd-pre=4", "--outcome",
                "not-improved:by=4", "--roc-index", "nothere");
        assertThat(none.exit).isEqualTo(3);
        assertThat(none.err).contains("--roc-index nothere: no assessment of reliable-change before a last observation has "
                + "a numeric detail nothere");
    }

    @Test
    void generateCanWriteTheCalibratedCohortWithTherapistsAndEffects() throws IOException {
        Path c = tmp.resolve("calibrated.csv");
        Path truth = tmp.resolve("calibrated-truth.csv");
        Cli g = Cli.run("generate", "--patients", "40", "--seed", "4", "--calibrated", "--out", c.toString(), "--truth",
                truth.toString());
        assertThat(g.exit).as(g.err).isZero();
        List<List<String>> rows = records(Files.readString(truth));
        assertThat(rows.get(0)).containsExactly("patient_id", "group_id", "class", "dropout_occasion", "baseline", "last",
                "outcome", "therapist_id", "effect");
        assertThat(rows).hasSize(41);
        assertThat(rows.get(1).get(7)).isEqualTo("t001");
        assertThat(rows.get(40).get(7)).isEqualTo("t002"); // g005: the second therapist
        assertThat(Double.parseDouble(rows.get(1).get(8))).isNotZero();
        Path demoTruth = tmp.resolve("demo-truth.csv");
        assertThat(Cli.run("generate", "--patients", "8", "--out", tmp.resolve("demo.csv").toString(), "--truth",
                demoTruth.toString()).exit).isZero();
        assertThat(records(Files.readString(demoTruth)).get(1).get(8)).isEqualTo("0.0");
    }

    @Test
    void ratesPerGroupTherapistAndServiceNextToThePublishedFigures() throws IOException {
        Path c = tmp.resolve("rates.csv");
        Path truth = tmp.resolve("rates-truth.csv");
        assertThat(Cli.run("generate", "--patients", "64", "--seed", "2", "--calibrated", "--out", c.toString(), "--truth",
                truth.toString()).exit).isZero();
        Cli md = Cli.run("rates", "--in", c.toString(), "--reliable-change", "4", "--planned-end", "14", "--therapists",
                truth.toString(), "--by", "therapist", "--cluster-bootstrap", "200");
        assertThat(md.exit).as(md.err).isZero();
        assertThat(md.out).contains("Outcome rates (odsis.total, cut-off 8, reliable change 4, planned end 14;",
                "| service | 64 |", "| therapist t001 | 32 |", "| therapist t002 | 32 |",
                "service, cluster bootstrap over groups", "| published |", "26–34% (Cuijpers et al. 2021");
        Cli json = Cli.run("rates", "--in", c.toString(), "--reliable-change", "4", "--planned-end", "14", "--format",
                "json", "--quiet");
        JsonNode root = JSON.readTree(json.out);
        assertThat(root.get("units")).hasSize(8); // by group, the default
        // the service's events are the sum of the groups' events, for every rate
        root.get("service").get("rates").properties().forEach(e -> {
            int sum = 0;
            for (JsonNode u : root.get("units")) {
                sum += u.get("rates").get(e.getKey()).get("events").asInt();
            }
            assertThat(sum).as(e.getKey()).isEqualTo(e.getValue().get("events").asInt());
        });
        // the rates equal a count from the ground truth: response is last <= half of baseline
        List<List<String>> t = records(Files.readString(truth));
        long responders = t.subList(1, t.size()).stream()
                .filter(r -> Integer.parseInt(r.get(5)) <= 0.5 * Integer.parseInt(r.get(4))).count();
        assertThat(root.get("service").get("rates").get("response").get("events").asLong()).isEqualTo(responders);
        long dropouts = t.subList(1, t.size()).stream().filter(r -> !r.get(3).equals("-1")).count();
        assertThat(root.get("service").get("rates").get("drop-out").get("events").asLong()).isEqualTo(dropouts);
        Cli csv = Cli.run("rates", "--in", c.toString(), "--reliable-change", "4", "--format", "csv", "--by", "none",
                "--quiet");
        assertThat(csv.out).startsWith("level,unit,patients,measure,events,n,rate,low,high,cluster_low,cluster_high\n"
                + "service,all,64,response,");
        Cli noFile = Cli.run("rates", "--in", c.toString(), "--reliable-change", "4", "--by", "therapist");
        assertThat(noFile.exit).isEqualTo(2);
        assertThat(noFile.err).contains("--by therapist needs --therapists FILE");
        Cli noRc = Cli.run("rates", "--in", c.toString());
        assertThat(noRc.exit).isEqualTo(2);
        assertThat(noRc.err).contains("--reliable-change: scale odsis.total publishes no reliable change");
    }

    @Test
    void talkingTherapiesDefinitionsAreReplayedSessionBySessionAndServeAsOutcomes() throws IOException {
        // a registry-shaped score table: PHQ-9 and GAD-7 totals per appointment
        StringBuilder sb = new StringBuilder("patient_id,occasion,scale,score\n");
        java.util.Random r = new java.util.Random(7);
        for (int p = 0; p < 60; p++) {
            int phq = 12 + r.nextInt(12);
            int gad = 9 + r.nextInt(10);
            int trend = r.nextInt(3) - 1; // better, flat or worse
            for (int o = 0; o < 8; o++) {
                sb.append("p").append(p).append(',').append(o).append(",phq9.total,")
                        .append(Math.max(0, Math.min(27, phq + trend * o + r.nextInt(3) - 1))).append('\n');
                sb.append("p").append(p).append(',').append(o).append(",gad7.total,")
                        .append(Math.max(0, Math.min(21, gad + trend * o + r.nextInt(3) - 1))).append('\n');
            }
        }
        Path scores = tmp.resolve("tt.csv");
        Files.writeString(scores, sb);
        Cli audit = Cli.run("track", "--in", scores.toString(), "--rule", "talking-therapies", "--format", "csv", "--quiet");
        assertThat(audit.exit).as(audit.err).isZero();
        List<List<String>> rows = records(audit.out);
        assertThat(rows.get(0)).contains("case", "caseAtBaseline", "reliableImprovement", "reliableDeterioration",
                "recovery", "reliableRecovery");
        assertThat(rows).hasSize(1 + 60 * 8);
        Cli cmp = Cli.run("compare", "--in", scores.toString(), "--rule", "talking-therapies", "--rule",
                "deterioration-or-no-change:scale=phq9.total", "--outcome", "talking-therapies:poor=not-reliably-recovered",
                "--outcome", "talking-therapies:poor=reliable-deterioration", "--format", "json", "--quiet");
        assertThat(cmp.exit).as(cmp.err).isZero();
        JsonNode cs = JSON.readTree(cmp.out).get("comparisons");
        assertThat(cs.get(0).get("outcome").get("scales")).extracting(JsonNode::asText)
                .containsExactly("phq9.total", "gad7.total");
        assertThat(cs.get(0).get("outcome").get("threshold").isNull()).isTrue();
        // the audit's last rows agree with the outcome's count: reliable recovery at each patient's last session
        int header = rows.get(0).indexOf("reliableRecovery");
        int caseAt = rows.get(0).indexOf("caseAtBaseline");
        long cases = 0;
        long notRecovered = 0;
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.get(2).equals("7") && row.get(3).startsWith("talking-therapies:") && row.get(caseAt).equals("true")) {
                cases++;
                notRecovered += row.get(header).equals("true") ? 0 : 1;
            }
        }
        assertThat(cs.get(0).get("patients").asLong()).isEqualTo(cases);
        assertThat(cs.get(0).get("poor_outcomes").asLong()).isEqualTo(notRecovered);
        // every measure at every session: the two readings of "first and last" agree
        assertThat(cmp.err).contains("outcome talking-therapies:gad=gad7.total,gad-caseness=8,gad-reliable=4,phq=phq9.total,"
                + "phq-caseness=10,phq-reliable=6,poor=not-reliably-recovered: pairing=each would judge 0 patients otherwise");
        // GAD-7 missed at the last session by every third patient: the warning counts the patients the choice moves,
        // as the definitions give them (case: PHQ-9 >= 10 or GAD-7 >= 8; reliable change 6 and 4)
        StringBuilder gapped = new StringBuilder("patient_id,occasion,scale,score\n");
        int moved = 0;
        java.util.Map<String, int[]> phqs = new java.util.HashMap<>();
        java.util.Map<String, int[]> gads = new java.util.HashMap<>();
        for (String line : sb.toString().split("\n")) {
            String[] f = line.split(",");
            if (f[0].equals("patient_id")) {
                continue;
            }
            (f[2].startsWith("phq") ? phqs : gads).computeIfAbsent(f[0], k -> new int[8])[Integer.parseInt(f[1])] =
                    Integer.parseInt(f[3]);
            if (!(f[2].startsWith("gad") && f[1].equals("7") && Integer.parseInt(f[0].substring(1)) % 3 == 0)) {
                gapped.append(line).append('\n');
            }
        }
        for (String p : phqs.keySet()) {
            int[] ph = phqs.get(p);
            int[] ga = gads.get(p);
            if (Integer.parseInt(p.substring(1)) % 3 == 0) {
                Boolean paired = notReliablyRecovered(ph[0], ph[6], ga[0], ga[6]);
                Boolean each = notReliablyRecovered(ph[0], ph[7], ga[0], ga[6]);
                moved += java.util.Objects.equals(paired, each) ? 0 : 1;
            }
        }
        Path gappedFile = tmp.resolve("tt-gapped.csv");
        Files.writeString(gappedFile, gapped);
        Cli g = Cli.run("compare", "--in", gappedFile.toString(), "--rule", "talking-therapies", "--outcome",
                "talking-therapies:poor=not-reliably-recovered", "--format", "json", "--quiet");
        assertThat(g.exit).as(g.err).isZero();
        assertThat(moved).isPositive();
        assertThat(g.err).contains("pairing=each would judge " + moved + " patients otherwise (0 of them gain or lose");
        Cli e = Cli.run("compare", "--in", gappedFile.toString(), "--rule", "talking-therapies", "--outcome",
                "talking-therapies:poor=not-reliably-recovered,pairing=each", "--format", "json", "--quiet");
        assertThat(e.exit).as(e.err).isZero();
        assertThat(e.err).contains("pairing=each: pairing=paired would judge " + moved + " patients otherwise");
    }

    /** Null when not a case at the start (no outcome), else whether not reliably recovered. */
    private static Boolean notReliablyRecovered(int p0, int p1, int g0, int g1) {
        boolean case0 = p0 >= 10 || g0 >= 8;
        boolean case1 = p1 >= 10 || g1 >= 8;
        boolean worse = p1 - p0 >= 6 || g1 - g0 >= 4;
        boolean better = (p0 - p1 >= 6 || g0 - g1 >= 4) && !worse;
        return case0 ? !(!case1 && better) : null;
    }

    @Test
    void everyCommandsHelpRendersItsPercentSigns() {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String c : List.of("score", "track", "compare", "change", "rates", "report", "generate", "demo")) {
                Cli h = Cli.run(c, "--help");
                assertThat(h.exit).as(c).isZero();
                assertThat(h.out + h.err).as(c).doesNotContain("%n", "%%");
            }
        } finally {
            System.setErr(old);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Could not format");
        assertThat(Cli.run("compare", "--help").out).contains("95% intervals");
    }

    @Test
    void changeComparesTheCategoriesBetweenGroups() throws IOException {
        // claus_2020 HAM-D with its treatment arm as the group
        Path arms = tmp.resolve("claus-arms.csv");
        Files.writeString(arms, Files.readString(Cli.resource("claus-hamd.csv")).replaceFirst("treatment", "group_id"));
        Cli r = Cli.run("change", "--in", arms.toString(), "--scale", "hamd", "--pre", "1", "--post", "4", "--reliability",
                "0.8", "--by-group");
        assertThat(r.exit).as(r.err).isZero();
        JsonNode s = JSON.readTree(r.out).get("summary");
        JsonNode by = s.get("by_group");
        assertThat(by.get("groups")).extracting(g -> g.get("group").asText()).containsExactlyInAnyOrder("TAU", "PA");
        s.get("counts").properties().forEach(e -> {
            int sum = 0;
            for (JsonNode g : by.get("groups")) {
                sum += g.get("counts").get(e.getKey()).asInt();
            }
            assertThat(sum).as(e.getKey()).isEqualTo(e.getValue().asInt());
        });
        assertThat(by.get("df").asInt()).isPositive();
        assertThat(by.get("p").asDouble()).isBetween(0.0, 1.0);
        assertThat(by.get("test").asText()).isEqualTo("Pearson's chi-square without continuity correction");
        // two arms by three categories: no Yates (it is for 2 x 2 tables)
        assertThat(by.has("chi_square_yates")).isFalse();
        assertThat(r.err).contains("expected counts of the group comparison are below 5");
        Cli csv = Cli.run("change", "--in", arms.toString(), "--scale", "hamd", "--pre", "1", "--post", "4",
                "--reliability", "0.8", "--by-group", "--format", "csv", "--quiet");
        assertThat(csv.out).startsWith("patient_id,group_id,pre,post,change,index,category\n1,TAU,");
        Cli none = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--pre", "1",
                "--post", "4", "--reliability", "0.8", "--by-group");
        assertThat(none.exit).isEqualTo(3);
        assertThat(none.err).contains("--by-group: no patient with both occasions has a group_id");
    }

    @Test
    void theMultilevelMethodUsesEveryObservationAndGivesThePackagesCounts() throws IOException {
        Cli r = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--method", "hlm");
        assertThat(r.exit).as(r.err).isZero();
        JsonNode s = JSON.readTree(r.out).get("summary");
        assertThat(s.get("n").asInt()).isEqualTo(40);
        assertThat(s.get("counts").get("improved").asInt()).isEqualTo(11);
        assertThat(s.get("counts").get("unchanged").asInt()).isEqualTo(20);
        assertThat(s.get("counts").get("deteriorated").asInt()).isEqualTo(9);
        assertThat(s.get("converged").asBoolean()).isTrue();
        assertThat(r.err).contains("3 of 43 patients left out: fewer than 3 scores of hamd");
        Cli csv = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--method", "hlm",
                "--format", "csv", "--quiet");
        assertThat(csv.out).startsWith("patient_id,observations,slope_deviation,sd,index,category\n");
        Cli rel = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--method", "hlm",
                "--reliability", "0.8");
        assertThat(rel.exit).isEqualTo(2);
        assertThat(rel.err).contains("--reliability: not used by --method hlm");
        Cli noPre = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--post", "4",
                "--reliability", "0.8");
        assertThat(noPre.exit).isEqualTo(2);
        assertThat(noPre.err).contains("Missing required option: '--pre' (every method but hlm needs --pre, --post and "
                + "--reliability)");
    }

    /** The rules' numbers, without their specs (which name the reference). */
    private static JsonNode rows(String json) throws IOException {
        JsonNode rules = JSON.readTree(json).get("rules");
        rules.forEach(r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("rule"));
        return rules;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aManifestRecordsWhatMakesTheRunReproducible() throws Exception {
        Path out = tmp.resolve("track.jsonl");
        Path manifest = tmp.resolve("manifest.json");
        Cli r = Cli.run("track", "--in", cohort.toString(), "--rule", "persistent:k=2,rule=(deterioration-or-no-change)",
                "--out", out.toString(), "--manifest", manifest.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).containsPattern("rom track: 80 patients, 1 rule, [0-9,]+ assessments in [0-9.]+ s");
        JsonNode m = JSON.readTree(manifest.toFile());
        assertThat(m.get("command").asText()).isEqualTo("rom track");
        assertThat(m.get("arguments")).extracting(JsonNode::asText).startsWith("track", "--in", cohort.toString());
        assertThat(m.get("openrom_version").asText()).isNotBlank();
        assertThat(m.get("rules").get(0).get("spec").asText()).startsWith("persistent:k=2,rule=(deterioration-or-no-change:");
        assertThat(m.get("rules").get(0).get("version").asText()).isNotBlank();
        assertThat(m.get("inputs").get(0).get("sha256").asText()).isEqualTo(sha256(cohort));
        assertThat(m.get("outputs").get(0).get("sha256").asText()).isEqualTo(sha256(out));
        assertThat(m.get("outputs").get(0).get("bytes").asLong()).isEqualTo(Files.size(out));
        Path cm = tmp.resolve("compare-manifest.json");
        Cli c = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--cluster-bootstrap", "100", "--seed", "7", "--manifest", cm.toString(), "--quiet");
        assertThat(c.exit).as(c.err).isZero();
        JsonNode p = JSON.readTree(cm.toFile()).get("parameters");
        assertThat(p.get("seed").asLong()).isEqualTo(7);
        assertThat(p.get("outcome").asText()).isEqualTo("not-improved:by=4,scale=odsis.total");
        Cli same = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--manifest",
                cohort.toString());
        assertThat(same.exit).isEqualTo(2);
        assertThat(same.err).contains("--manifest " + cohort + " is the same file as --in");
    }

    @Test
    void progressShowsWhenAskedAndQuietSilencesIt() {
        Cli shown = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--progress", "always",
                "--out", tmp.resolve("p.jsonl").toString());
        assertThat(shown.exit).as(shown.err).isZero();
        assertThat(shown.err).contains("rom track  ? % [", "0/? patients", "80/? patients", "rom track: 80 patients");
        Cli quiet = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--progress", "always",
                "--quiet", "--out", tmp.resolve("q.jsonl").toString());
        assertThat(quiet.err).isEmpty();
        Cli auto = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change",
                "--out", tmp.resolve("a.jsonl").toString());
        assertThat(auto.err).doesNotContain("%").contains("rom track: 80 patients"); // stderr is no terminal here
        Cli bad = Cli.run("track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--progress", "loud");
        assertThat(bad.exit).isEqualTo(2);
    }

    private static List<List<String>> records(String csv) {
        List<List<String>> out = new java.util.ArrayList<>();
        de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(csv).forEach(r -> out.add(r.getFields()));
        return out;
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
