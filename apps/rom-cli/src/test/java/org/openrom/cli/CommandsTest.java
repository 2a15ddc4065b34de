package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of every command on files in test resources. */
class CommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<JsonNode> lines(Path f) throws IOException {
        return Files.readAllLines(f, StandardCharsets.UTF_8).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aCommandThatIsNotThereIsAnErrorNeverTheTopLevelHelp() {
        // without the CDS plugin on the class path: not the top-level usage with exit 0
        Cli serve = Cli.run("serve", "--help");
        assertThat(serve.exit).isEqualTo(2);
        assertThat(serve.err).contains("unknown command 'serve'", "rom-cds-plugin.jar");
        assertThat(serve.out).isEmpty();
        Cli other = Cli.run("sever");
        assertThat(other.exit).isEqualTo(2);
        assertThat(other.err).contains("unknown command 'sever'", "track");
    }

    @Test
    void trackOnAHandMadeCohortGivesTheKnownStatuses() throws IOException {
        Path out = tmp.resolve("track.jsonl");
        Cli r = Cli.run("track", "--in", Cli.resource("small-tidy.csv").toString(), "--rule", "deterioration-or-no-change",
                "--out", out.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).contains("ignoring 1 extra column in small-tidy.csv: 'site'");
        List<JsonNode> l = lines(out);
        assertThat(l).extracting(n -> n.get("patientId").asText() + "@" + n.get("occasion").asInt() + "=" + n.get("status").asText())
                .containsExactly("p2@0=INSUFFICIENT_DATA", "p2@1=ON_TRACK", "p2@2=ON_TRACK", "p2@3=NOT_ON_TRACK",
                        "pæt-1@0=INSUFFICIENT_DATA", "pæt-1@2=ON_TRACK", "pæt-1@4=NOT_ON_TRACK");
        JsonNode last = l.get(l.size() - 1);
        assertThat(last.get("rule").get("spec").asText()).startsWith("deterioration-or-no-change:deterioration=3");
        assertThat(last.get("rule").get("version").asText()).isEqualTo("2");
        assertThat(last.get("reasons").get(0).get("code").asText()).isEqualTo("deterioration");
        assertThat(last.get("reasons").get(0).get("sentence").asText()).isEqualTo("ODSIS 15 is 3 points worse than baseline 12 at session 4");
        // the library's own format: every line reads back as a PatientAssessment
        org.openrom.core.json.RomJson.read(last.toString(), org.openrom.core.track.PatientAssessment.class);
        assertThat(last.get("details").get("worsening").asDouble()).isEqualTo(3.0);
    }

    @Test
    void theCompactFormSaysWhatTheFullOneSaysOfEachStatusInAQuarterOfTheBytes() throws IOException {
        Path full = tmp.resolve("full.jsonl");
        Path compact = tmp.resolve("compact.jsonl");
        for (Path out : List.of(full, compact)) {
            Cli r = Cli.run("track", "--in", Cli.resource("small-tidy.csv").toString(), "--rule", "deterioration-or-no-change",
                    "--rule", "persistent:k=2,rule=(deterioration-or-no-change)", "--format",
                    out == full ? "jsonl" : "jsonl-compact", "--out", out.toString(), "--quiet");
            assertThat(r.exit).as(r.err).isZero();
        }
        List<JsonNode> f = lines(full);
        List<JsonNode> c = lines(compact);
        assertThat(c).hasSameSizeAs(f);
        for (int i = 0; i < f.size(); i++) {
            JsonNode a = f.get(i);
            JsonNode b = c.get(i);
            assertThat(b.get("patientId").asText()).isEqualTo(a.get("patientId").asText());
            assertThat(b.get("occasion").asInt()).isEqualTo(a.get("occasion").asInt());
            assertThat(b.get("rule").asText()).isEqualTo(a.get("rule").get("spec").asText());
            assertThat(b.get("status").asText()).isEqualTo(a.get("status").asText());
            List<String> codes = new java.util.ArrayList<>();
            a.get("reasons").forEach(x -> codes.add(x.get("code").asText()));
            assertThat(b.get("reasons")).extracting(JsonNode::asText).containsExactlyElementsOf(codes);
            assertThat(b.size()).isEqualTo(5);
        }
        // the non-ASCII patient id is escaped as JSON and reads back the same
        assertThat(c).extracting(n -> n.get("patientId").asText()).contains("pæt-1");
        assertThat(Files.size(compact) * 3).isLessThan(Files.size(full));
    }

    @Test
    void trackWithSeveralRulesIsSortedByPatientOccasionAndRuleOrder() {
        Cli r = Cli.run("track", "--in", Cli.resource("small.jsonl").toString(), "--rule", "deterioration-or-no-change",
                "--rule", "percent-change");
        assertThat(r.exit).as(r.err).isZero();
        List<String> keys = r.out.lines().map(s -> s.replaceAll(".*\"patientId\":\"([^\"]+)\",\"occasion\":(\\d+),.*\"rule\":\\{\"id\":\"([a-z-]+).*",
                "$1 $2 $3")).toList();
        assertThat(keys).containsExactly("p1 0 deterioration-or-no-change", "p1 0 percent-change",
                "p1 1 deterioration-or-no-change", "p1 1 percent-change", "p2 0 deterioration-or-no-change",
                "p2 0 percent-change", "p2 1 deterioration-or-no-change", "p2 1 percent-change");
    }

    @Test
    void scoreWritesOneLinePerAdministration() throws IOException {
        Path out = tmp.resolve("scores.jsonl");
        Cli r = Cli.run("score", "--in", Cli.resource("small.jsonl").toString(), "--out", out.toString());
        assertThat(r.exit).as(r.err).isZero();
        List<JsonNode> l = lines(out);
        assertThat(l).hasSize(5);
        assertThat(l.get(0).toString()).isEqualTo(
                "{\"patientId\":\"p1\",\"instrumentId\":\"odsis\",\"occasion\":0,\"date\":\"2024-01-08\",\"scores\":[{\"scale\":\"odsis.total\",\"value\":12.0,\"itemsAnswered\":5,\"itemsTotal\":5,\"prorated\":false}]}");
    }

    @Test
    void changeOnClausReproducesThePublishedCounts() throws IOException {
        Cli r = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--pre", "1",
                "--post", "4", "--method", "jt", "--reliability", "0.8");
        assertThat(r.exit).as(r.err).isZero();
        JsonNode s = JSON.readTree(r.out).get("summary");
        assertThat(s.get("n").asInt()).isEqualTo(40);
        assertThat(s.get("excluded").asInt()).isEqualTo(3);
        assertThat(s.get("m_pre").asDouble()).isEqualTo(24.85);
        assertThat(s.get("sd_pre").asDouble()).isCloseTo(3.340121, org.assertj.core.data.Offset.offset(5e-7));
        assertThat(s.get("s_diff").asDouble()).isCloseTo(2.112478, org.assertj.core.data.Offset.offset(5e-7));
        assertThat(s.get("counts").toString()).isEqualTo(
                "{\"recovered\":0,\"improved\":29,\"unchanged\":10,\"deteriorated\":1,\"harmed\":0}");
        // each category's share of the 40 analysed, in percent, as the package's summary table
        assertThat(s.get("percentages").toString()).isEqualTo(
                "{\"recovered\":0.0,\"improved\":72.5,\"unchanged\":25.0,\"deteriorated\":2.5,\"harmed\":0.0}");
        Cli c = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--pre", "1",
                "--post", "4", "--reliability", "0.8", "--cutoff", "c", "--m-functional", "8", "--sd-functional", "8",
                "--format", "csv");
        assertThat(c.exit).as(c.err).isZero();
        assertThat(c.out.lines().filter(l -> l.endsWith(",recovered")).count()).isEqualTo(26);
        assertThat(c.out.lines().findFirst()).hasValue("patient_id,pre,post,change,index,category");
        for (String[] m : new String[][] {{"hll", "12", "16", "12"}, {"en", "32", "5", "3"}, {"ha", "32", "7", "1"}}) {
            Cli x = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--pre", "1",
                    "--post", "4", "--method", m[0], "--reliability", "0.8");
            JsonNode counts = JSON.readTree(x.out).get("summary").get("counts");
            assertThat(new int[] {counts.get("improved").asInt(), counts.get("unchanged").asInt(), counts.get("deteriorated").asInt()})
                    .as(m[0]).containsExactly(Integer.parseInt(m[1]), Integer.parseInt(m[2]), Integer.parseInt(m[3]));
        }
    }

    @Test
    void compareFeedbackNeedsTheCdsPluginThatOwnsTheStore() throws IOException {
        // the feedback store's tables belong to the CDS plugin; without it the command says so, and writes nothing
        Path cohort = tmp.resolve("fb-cohort.csv");
        assertThat(Cli.run("generate", "--patients", "16", "--seed", "3", "--out", cohort.toString()).exit).isZero();
        Path out = tmp.resolve("fb.md");
        Cli r = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--feedback", "jdbc:h2:mem:none", "--out", out.toString());
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("cannot read the CDS feedback store", "rom-cds-plugin.jar");
        assertThat(out).doesNotExist();
    }

    @Test
    void compareReportsAccuracyAgreementAndASweep() throws Exception {
        Path cohort = tmp.resolve("cohort.csv");
        assertThat(Cli.run("generate", "--patients", "80", "--seed", "3", "--out", cohort.toString()).exit).isZero();
        Cli md = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "persistent:k=2,rule=(deterioration-or-no-change)", "--outcome", "not-improved:by=4");
        assertThat(md.exit).as(md.err).isZero();
        assertThat(md.out).startsWith("Outcome: `not-improved:by=4,scale=odsis.total`\n\nPatients: 80 (poor outcome: ").contains("| sensitivity |", "Cohen's kappa", "| 1 | 1.00 |");
        assertThat(md.out).doesNotContain("McNemar");
        // --paired: McNemar's test of the two rules' sensitivities and specificities on the same patients
        Cli paired = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "persistent:k=2,rule=(deterioration-or-no-change)", "--outcome", "not-improved:by=4", "--paired");
        assertThat(paired.exit).as(paired.err).isZero();
        assertThat(paired.out).contains("McNemar's test", "| 1 vs 2 | sensitivity |", "| 1 vs 2 | specificity |",
                "DeLong's paired test of the areas");
        Cli pairedJson = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "persistent:k=2,rule=(deterioration-or-no-change)", "--outcome", "not-improved:by=4", "--paired",
                "--format", "json");
        JsonNode p = JSON.readTree(pairedJson.out).get("paired").get(0);
        JsonNode rules = JSON.readTree(pairedJson.out).get("rules");
        // persistent flags a subset of the rule it wraps: every discordant poor outcome is one the first rule finds
        assertThat(p.get("sensitivity").get("b").asInt() - p.get("sensitivity").get("c").asInt())
                .isEqualTo(rules.get(0).get("tp").asInt() - rules.get(1).get("tp").asInt());
        assertThat(p.get("sensitivity").get("c").asInt()).isZero();
        // DeLong's areas are the rules' balanced accuracies
        for (int r = 0; r < 2; r++) {
            JsonNode rule = rules.get(r);
            double sens = rule.get("tp").asDouble() / (rule.get("tp").asInt() + rule.get("fn").asInt());
            double spec = rule.get("tn").asDouble() / (rule.get("tn").asInt() + rule.get("fp").asInt());
            assertThat(p.get("auc").get(r == 0 ? "first" : "second").asDouble()).isCloseTo((sens + spec) / 2,
                    org.assertj.core.api.Assertions.within(1e-12));
        }
        Cli csv = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--paired", "--format", "csv");
        assertThat(csv.exit).isEqualTo(2);
        assertThat(csv.err).contains("--paired", "md and json");
        // --at-session: each rule's flags by the session and a cross-fitted logistic baseline, named
        Cli at = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--at-session", "3", "--format", "json");
        assertThat(at.exit).as(at.err).isZero();
        JsonNode as = JSON.readTree(at.out).get("at_session");
        assertThat(as.get("session").asInt()).isEqualTo(3);
        assertThat(as.get("rules").get(0).get("tp").asInt() + as.get("rules").get(0).get("fn").asInt())
                .isEqualTo(as.get("logistic").get("events").asInt());
        assertThat(as.get("logistic").get("auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(as.get("logistic").get("net_benefit")).hasSize(5);
        JsonNode versus = as.get("rules").get(0).get("versus_logistic");
        assertThat(versus.get("auc_logistic").asDouble()).isCloseTo(as.get("logistic").get("auc").asDouble(),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(versus.get("auc_flags").asDouble()).isCloseTo(as.get("rules").get(0).get("balanced_accuracy").asDouble(),
                org.assertj.core.data.Offset.offset(1e-12));
        Cli atMd = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--at-session", "3");
        assertThat(atMd.out).contains("Prediction at session 3", "cross-fitted in 5 folds", "Net benefit at threshold",
                "| treat all |", "DeLong's paired test of AUROCs");
        assertThat(Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--at-session", "0").err).contains("--at-session", "expected a session >= 1");
        Path plot = tmp.resolve("roc.svg");
        Cli json = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--format", "json", "--sweep", "deterioration=2..5", "--plot", plot.toString());
        assertThat(json.exit).as(json.err).isZero();
        JsonNode root = JSON.readTree(json.out);
        assertThat(root.get("rules")).hasSize(4);
        assertThat(root.get("rules").get(0).get("rule").asText()).contains("deterioration=2,");
        int flagged2 = root.get("rules").get(0).get("flagged").asInt();
        int flagged5 = root.get("rules").get(3).get("flagged").asInt();
        assertThat(flagged2).isGreaterThanOrEqualTo(flagged5);
        JsonNode sens = root.get("rules").get(0).get("sensitivity");
        assertThat(sens.get("low").asDouble()).isLessThanOrEqualTo(sens.get("estimate").asDouble());
        String svg = Files.readString(plot);
        assertThat(svg).startsWith("<svg").contains("<circle", "ROC of the sweep of deterioration (AUC ",
                "1 − specificity (false-positive rate)", ">1: deterioration = 2<", ">4: deterioration = 5<");
        assertThat(svg.split("class=\"xtick\"", -1)).hasSize(7);
        assertThat(svg).contains("outcome: not-improved:by=4,scale=odsis.total",
                "whiskers: Wilson 95% intervals of sensitivity and of 1 − specificity", "class=\"whisker\"");
        // two outcomes: one figure each, side by side in one file, each naming its outcome
        Path two = tmp.resolve("roc2.svg");
        Cli both = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "persistent:k=2,rule=(deterioration-or-no-change)", "--outcome", "not-improved:by=4", "--outcome",
                "case-at-end:cutoff=8", "--plot", two.toString());
        assertThat(both.exit).as(both.err).isZero();
        String panel = Files.readString(two);
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(panel.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(panel.split("<svg", -1)).hasSize(4);
        assertThat(panel).contains("outcome: not-improved:by=4,scale=odsis.total", "outcome: case-at-end:");
        assertThat(panel.split("class=\"xtick\"", -1)).hasSize(13);
        assertThat(svg.split("class=\"ytick\"", -1)).hasSize(7);
        // the sweep: its key, the swept value on each row, and the AUC of its operating points
        assertThat(root.get("sweep").get("key").asText()).isEqualTo("deterioration");
        assertThat(root.get("sweep").get("values")).extracting(JsonNode::asText).containsExactly("2", "3", "4", "5");
        assertThat(root.get("rules").get(2).get("swept").asText()).isEqualTo("4");
        double auc = root.get("sweep").get("auc").asDouble();
        assertThat(auc).isBetween(0.0, 1.0);
        assertThat(svg).contains(String.format(java.util.Locale.ROOT, "(AUC %.3f)", auc));
        Cli sweepMd = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--sweep", "deterioration=2..5");
        assertThat(sweepMd.out).contains("Sweep of `deterioration`:", "| 4 | 5 |",
                String.format(java.util.Locale.ROOT, "AUC of the sweep: %.3f", auc));
        // lead time among poor outcomes, in both formats
        assertThat(md.out).contains("| lead time, poor outcomes: median (IQR) | poor outcomes flagged by session 3 |");
        assertThat(root.get("poor_outcomes").asInt()).isPositive();
        JsonNode lead = root.get("rules").get(0).get("lead_time");
        assertThat(lead.get("poor").asInt()).isEqualTo(root.get("poor_outcomes").asInt());
        assertThat(lead.get("flagged").asInt()).isEqualTo(root.get("rules").get(0).get("tp").asInt());
        JsonNode by = lead.get("flagged_by_session");
        assertThat(by.get(by.size() - 1).asDouble()).isCloseTo(sens.get("estimate").asDouble(),
                org.assertj.core.data.Offset.offset(1e-12));
        Cli k5 = Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--flagged-by", "5");
        assertThat(k5.out).contains("poor outcomes flagged by session 5 |");
        assertThat(Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--flagged-by", "-1").exit).isEqualTo(2);
    }

    @Test
    void aClusterBootstrapGivesReproducibleGroupAwareIntervals() throws IOException {
        Path cohort = tmp.resolve("cohort-cb.csv");
        assertThat(Cli.run("generate", "--patients", "80", "--seed", "3", "--out", cohort.toString()).exit).isZero();
        String[] args = {"compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
            "persistent:k=2,rule=(deterioration-or-no-change)", "--outcome", "not-improved:by=4", "--cluster-bootstrap", "200",
            "--seed", "9"};
        Cli md = Cli.run(args);
        assertThat(md.exit).as(md.err).isZero();
        assertThat(md.out).contains("Cluster bootstrap over groups (10 groups, 200 replicates, seed 9",
                "Cohen's kappa with cluster-bootstrap 95% intervals");
        assertThat(Cli.run(args).out).isEqualTo(md.out);
        String[] json = java.util.Arrays.copyOf(args, args.length + 2);
        json[args.length] = "--format";
        json[args.length + 1] = "json";
        JsonNode cb = JSON.readTree(Cli.run(json).out).get("cluster_bootstrap");
        assertThat(cb.get("groups").asInt()).isEqualTo(10);
        JsonNode sens = cb.get("rules").get(0).get("sensitivity");
        assertThat(sens.get("low").asDouble()).isLessThanOrEqualTo(sens.get("estimate").asDouble());
        assertThat(sens.get("high").asDouble()).isGreaterThanOrEqualTo(sens.get("estimate").asDouble());
        assertThat(cb.get("rules").get(0).get("kappa")).hasSize(2);
        assertThat(Cli.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4", "--cluster-bootstrap", "5").exit).isEqualTo(2);
    }

    @Test
    void aComparisonOfNobodyIsAnErrorAndPatientsLeftOutAreCounted() throws IOException {
        Path scores = tmp.resolve("scores.csv");
        // p1 has two observations of ODSIS, p2 only one: p2 has no outcome
        Files.writeString(scores, "patient_id,occasion,scale,score\np1,0,odsis.total,12\np1,1,odsis.total,15\n"
                + "p2,0,odsis.total,10\n");
        Cli some = Cli.run("compare", "--in", scores.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4");
        assertThat(some.exit).as(some.err).isZero();
        assertThat(some.err).contains("1 of 2 patients left out of outcome not-improved:by=4,scale=odsis.total: 1 fewer than "
                + "two observations of odsis.total");
        Path single = tmp.resolve("single.csv");
        Files.writeString(single, "patient_id,occasion,scale,score\np2,0,odsis.total,10\n");
        Cli none = Cli.run("compare", "--in", single.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4");
        assertThat(none.exit).isEqualTo(3);
        assertThat(none.err).contains("nothing to compare for outcome not-improved:by=4,scale=odsis.total: all 1 patients "
                + "left out (1 fewer than two observations of odsis.total)");
        assertThat(none.out).isEmpty();
    }

    @Test
    void wilsonAndKappaMatchHandComputedValues() {
        var w = org.openrom.rules.research.RuleComparison.wilson(8, 10);
        assertThat(w.estimate()).isEqualTo(0.8);
        assertThat(w.low()).isCloseTo(0.4902, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(w.high()).isCloseTo(0.9433, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void reportWritesHtmlMarkdownAndJson() throws IOException {
        Cli r = Cli.run("report", "--in", Cli.resource("small-tidy.csv").toString(), "--patient", "pæt-1", "--rule",
                "deterioration-or-no-change", "--out", tmp.toString());
        assertThat(r.exit).as(r.err).isZero();
        String base = org.openrom.cli.io.FileNames.of("pæt-1");
        assertThat(base).startsWith("p_t-1-").hasSize("p_t-1-".length() + 10);
        assertThat(Files.readString(tmp.resolve(base + ".html"))).contains("ODSIS 15 is 3 points worse than baseline 12 at session 4");
        assertThat(Files.readString(tmp.resolve(base + ".md"))).contains("# Routine outcome monitoring report");
        assertThat(JSON.readTree(tmp.resolve(base + ".json").toFile()).get("status").asText()).isEqualTo("NOT_ON_TRACK");
        Cli missing = Cli.run("report", "--in", Cli.resource("small-tidy.csv").toString(), "--patient", "nobody", "--rule",
                "deterioration-or-no-change", "--out", tmp.toString());
        assertThat(missing.exit).isEqualTo(3);
        assertThat(missing.err).contains("patient 'nobody' is not in small-tidy.csv (2 patients");
    }

    @Test
    void listingCommands() {
        Cli i = Cli.run("instruments");
        assertThat(i.out).contains("odsis (v1)", "odsis.total  range 0..20, lower-is-better, cut-off 8", "gq12.pb");
        Cli r = Cli.run("rules");
        assertThat(r.out).contains("deterioration-or-no-change (v2)", "  older version, as deterioration-or-no-change@1: Version 1", "  run: an integer in 1..1000, default 3");
        assertThat(Cli.run("--help").out).contains("score", "track", "compare", "change", "report", "generate", "demo");
        assertThat(Cli.run("track", "--help").out).contains("--rule");
        assertThat(Cli.run("track").exit).isEqualTo(2);
        assertThat(Cli.run("no-such-command").exit).isEqualTo(2);
    }

    @Test
    void demoWritesTheWholeSiteAndASummary() throws IOException {
        Path dir = tmp.resolve("demo");
        Cli r = Cli.run("demo", "--out", dir.toString(), "--seed", "7");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("patients", "Not On Track at any session", "persistently Not On Track",
                "most frequent needs", "index.html");
        assertThat(dir.resolve("index.html")).exists();
        assertThat(dir.resolve("cohort.csv")).exists();
        assertThat(dir.resolve("track.jsonl")).exists();
        assertThat(dir.resolve("groups/" + org.openrom.cli.io.FileNames.of("g001") + ".html")).exists();
        assertThat(dir.resolve("groups/" + org.openrom.cli.io.FileNames.of("g003") + ".html")).exists();
        try (var files = Files.list(dir.resolve("reports"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".html")).count()).isPositive();
        }
        // the demo is deterministic
        Path again = tmp.resolve("again");
        Cli.run("demo", "--out", again.toString(), "--seed", "7");
        assertThat(Files.readString(again.resolve("track.jsonl"))).isEqualTo(Files.readString(dir.resolve("track.jsonl")));
        assertThat(Files.readString(again.resolve("index.html"))).isEqualTo(Files.readString(dir.resolve("index.html")));
        assertThat(Files.readString(again.resolve("groups.html"))).isEqualTo(Files.readString(dir.resolve("groups.html")));
        assertThat(Files.readString(dir.resolve("groups.html"))).contains("lang=\"en\"", "<h2>Groups</h2>");
        // the entry page is the worklist, from the monitor: who needs attention now, linked to reports and groups
        String entry = Files.readString(dir.resolve("index.html"));
        assertThat(entry).contains("<h1>Worklist</h1>", "patients need attention", "<a href=\"groups.html\">All groups</a>",
                "href=\"reports/");
    }

    @Test
    void aDanishDemoIsDanishFromTheIndexToTheReports() throws IOException {
        Path dir = tmp.resolve("demo-da");
        Cli r = Cli.run("demo", "--out", dir.toString(), "--seed", "7", "--lang", "da");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(Files.readString(dir.resolve("index.html"))).contains("lang=\"da\"", "Arbejdsliste",
                "patienter kræver opmærksomhed", "Alle grupper").doesNotContain("Worklist", "need attention");
        String index = Files.readString(dir.resolve("groups.html"));
        assertThat(index).contains("lang=\"da\"", "<h2>Grupper</h2>", "Hyppigste behov blandt medlemmer", "ikke på sporet nu")
                .doesNotContain("Groups", "Most frequent needs");
        String group = Files.readString(dir.resolve("groups/" + org.openrom.cli.io.FileNames.of("g001") + ".html"));
        assertThat(group).contains("Gruppe g001", "ikke på sporet", "Medlemmer over sessioner", "andel ikke på sporet");
        // every member has a report at the group's current session, linked from the group page
        try (var reports = Files.list(dir.resolve("reports"))) {
            assertThat(reports.filter(p -> p.toString().endsWith(".html")).count()).isEqualTo(24);
        }
        String some = Files.readString(dir.resolve("reports/" + org.openrom.cli.io.FileNames.of("g001-p1") + ".html"));
        assertThat(some).contains("lang=\"da\"", "Hvorfor", "Hver regel over sessioner");
        // an unsupported language is an error naming those available, before anything is written
        Cli fr = Cli.run("demo", "--out", tmp.resolve("demo-fr").toString(), "--lang", "fr");
        assertThat(fr.exit).isEqualTo(2);
        assertThat(fr.err).contains("--lang: got 'fr', expected one of en, da");
        assertThat(tmp.resolve("demo-fr")).doesNotExist();
    }

    @Test
    void theShippedExampleDataReproduceThePublishedCounts() throws IOException {
        // the command of data/README.md and README.md, on the file shipped at the documented path
        Cli r = Cli.run("change", "--in", "../../data/claus-hamd.csv", "--scale", "hamd", "--pre", "1", "--post", "4", "--method",
                "jt", "--reliability", "0.8", "--cutoff", "c", "--m-functional", "8", "--sd-functional", "8");
        assertThat(r.exit).as(r.err).isZero();
        var counts = JSON.readTree(r.out).path("summary").path("counts");
        assertThat(counts.path("recovered").asInt()).isEqualTo(26);
        assertThat(counts.path("improved").asInt()).isEqualTo(3);
        assertThat(counts.path("unchanged").asInt()).isEqualTo(10);
        assertThat(counts.path("deteriorated").asInt()).isEqualTo(1);
        assertThat(counts.path("harmed").asInt()).isZero();
    }

    @Test
    void theLibrarysOwnJsonIsTheCommandLinesJson() throws IOException {
        // the EHR example's administrations, written by RomJson, are rom track's input as they are
        Path incoming = Path.of("../../examples/rom-examples/src/main/resources/org/openrom/examples/incoming.jsonl");
        Cli track = Cli.run("track", "--in", incoming.toString(), "--rule", "deterioration-or-no-change");
        assertThat(track.exit).as(track.err).isZero();
        for (String line : track.out.lines().toList()) {
            var pa = org.openrom.core.json.RomJson.read(line, org.openrom.core.track.PatientAssessment.class);
            assertThat(org.openrom.core.json.RomJson.write(pa)).isEqualTo(line);
        }
        Cli score = Cli.run("score", "--in", incoming.toString());
        assertThat(score.exit).as(score.err).isZero();
        for (String line : score.out.lines().toList()) {
            var s = org.openrom.core.json.RomJson.read(line, org.openrom.core.score.Scores.class);
            assertThat(org.openrom.core.json.RomJson.write(s)).isEqualTo(line);
        }
    }

    @Test
    void sortedInputDeclaredSortedGivesTheSameOutput() {
        String in = tmp.resolve("gen.csv").toString();
        assertThat(Cli.run("generate", "--patients", "16", "--seed", "3", "--out", in).exit).isZero();
        Cli plain = Cli.run("track", "--in", in, "--rule", "deterioration-or-no-change");
        Cli once = Cli.run("track", "--in", in, "--rule", "deterioration-or-no-change", "--sorted");
        assertThat(once.exit).as(once.err).isZero();
        assertThat(once.out).isEqualTo(plain.out).isNotEmpty();
        Cli unsorted = Cli.run("track", "--in", Cli.resource("small-tidy.csv").toString(), "--rule",
                "deterioration-or-no-change", "--sorted");
        assertThat(unsorted.exit).isEqualTo(3);
        assertThat(unsorted.err).contains("patients are not sorted here");
    }
}
