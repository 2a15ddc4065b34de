package org.openrom.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.instrument.Direction;
import org.openrom.core.score.Administration;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.rules.change.ChangeAnalysis;
import org.openrom.rules.change.ChangeStatistics;
import org.openrom.rules.change.RciMethod;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.ExpectedResponseModel;
import org.openrom.rules.research.SyntheticCohort;

/**
 * rom-spark against the library, in one local[2] session per JVM: the same numbers row for row on a 20,000-patient
 * synthetic cohort through Parquet, the same change statistics, dead letters instead of failures, and the SQL functions
 * registered by class name and called from {@code spark.sql}.
 */
class RomSparkTest {
    static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("rom-spark-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8").config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Score-level histories: ODSIS from the synthetic cohort, and PHQ-9 and GAD-7 totals that follow it. */
    static List<PatientHistory> cohort(int patients, long seed) {
        SyntheticCohort c = SyntheticCohort.generate(CohortModel.forPatients(patients, seed));
        Map<String, List<Administration>> by = new LinkedHashMap<>();
        for (Administration a : c.administrations()) {
            by.computeIfAbsent(a.patientId(), k -> new ArrayList<>()).add(a);
        }
        Random rnd = new Random(seed);
        List<PatientHistory> out = new ArrayList<>();
        for (Map.Entry<String, List<Administration>> e : by.entrySet()) {
            PatientHistory scored = PatientHistory.score(e.getKey(), Engine.INSTRUMENTS, e.getValue());
            ScoreSeries odsis = scored.series("odsis.total");
            PatientHistory h = PatientHistory.of(e.getKey());
            for (int i = 0; i < odsis.size(); i++) {
                h = h.appendScore("odsis.total", odsis.occasion(i), odsis.value(i));
            }
            for (String scale : List.of("gad7.total", "phq9.total")) {
                int max = scale.startsWith("phq9") ? 27 : 21;
                for (int i = 0; i < odsis.size(); i++) {
                    double v = Math.max(0, Math.min(max, Math.round(odsis.value(i) * max / 20.0 + rnd.nextGaussian() * 2)));
                    h = h.appendScore(scale, odsis.occasion(i), v);
                }
            }
            out.add(h);
        }
        return out;
    }

    static Dataset<Row> rows(List<PatientHistory> histories) {
        List<Row> rows = new ArrayList<>();
        for (PatientHistory h : histories) {
            for (String scale : h.scales()) {
                ScoreSeries s = h.series(scale);
                for (int i = 0; i < s.size(); i++) {
                    rows.add(RowFactory.create(h.patientId(), "", scale, s.occasion(i), s.value(i)));
                }
            }
        }
        return spark.createDataFrame(rows, RomSpark.SCORES);
    }

    /** A schema of text columns, as raw input arrives. */
    static org.apache.spark.sql.types.StructType text(String... names) {
        org.apache.spark.sql.types.StructType t = new org.apache.spark.sql.types.StructType();
        for (String n : names) {
            t = t.add(n, DataTypes.StringType);
        }
        return t;
    }

    /** The library's row with reasons and details as the typed columns should hold them. */
    static Object[] typed(Object[] v, TrackAssessment a) {
        List<String> names = java.util.Arrays.asList(RomSpark.ASSESSMENTS.fieldNames());
        List<String> rs = new ArrayList<>();
        a.reasons().forEach(f -> rs.add(f.code() + "=" + f.sentence()));
        java.util.TreeMap<String, String> ds = new java.util.TreeMap<>();
        a.details().forEach((k, x) -> ds.put(k, x instanceof String t ? t : String.valueOf(
                Engine.json().valueToTree(x))));
        v[names.indexOf("reasons")] = rs;
        v[names.indexOf("details")] = ds;
        return v;
    }

    static String canonical(Object[] v) {
        StringBuilder sb = new StringBuilder();
        for (Object o : v) {
            sb.append(o).append('\u0001');
        }
        return sb.toString();
    }

    /** The study rule, reliable change, Talking Therapies, persistence, and an expected response fitted on a reference. */
    static List<String> fiveRules() {
        List<ScoreSeries> reference = cohort(2_000, 99).stream().map(h -> h.series("odsis.total")).toList();
        ExpectedResponseModel m = ExpectedResponseModel.fit(reference, "odsis.total");
        return List.of("deterioration-or-no-change", "reliable-change:sd-pre=4.2", "talking-therapies",
                "persistent:k=2,rule=(deterioration-or-no-change)",
                "expected-response:b0=" + m.b0() + ",b1=" + m.b1() + ",b2=" + m.b2() + ",b3=" + m.b3() + ",sigma=" + m.sigma());
    }

    @Test
    void twentyThousandPatientsThroughParquetGiveTheLibrarysAssessmentsRowForRow() {
        List<PatientHistory> histories = cohort(20_000, 7);
        List<String> specs = fiveRules();
        String in = tmp.resolve("scores.parquet").toString();
        rows(histories).write().mode("overwrite").parquet(in);
        RomSpark.Tracked t = RomSpark.track(spark.read().parquet(in), specs).persist();
        String out = tmp.resolve("assessments.parquet").toString();
        t.assessments().write().mode("overwrite").partitionBy("rule_id").parquet(out);
        assertThat(t.deadLetters().count()).isZero();

        List<TrackRule> rules = Engine.rules(specs);
        List<String> expected = new ArrayList<>();
        for (PatientHistory h : histories) {
            for (RuleTrack tr : RuleTrack.evaluate(rules, h)) {
                for (TrackAssessment a : tr.assessments()) {
                    expected.add(canonical(typed(RomSpark.assessmentValues(h.patientId(), "", a), a)));
                }
            }
        }
        Dataset<Row> back = spark.read().parquet(out).select(RomSpark.ASSESSMENTS.fieldNames()[0],
                java.util.Arrays.copyOfRange(RomSpark.ASSESSMENTS.fieldNames(), 1, RomSpark.ASSESSMENTS.size()));
        int reasons = java.util.Arrays.asList(RomSpark.ASSESSMENTS.fieldNames()).indexOf("reasons");
        int details = java.util.Arrays.asList(RomSpark.ASSESSMENTS.fieldNames()).indexOf("details");
        List<String> actual = new ArrayList<>(back.map((MapFunction<Row, String>) r -> {
            Object[] v = new Object[r.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.get(i);
            }
            // the typed columns through Spark's Java accessors: a list of (code, sentence) and a map of texts
            List<String> rs = new ArrayList<>();
            for (Row x : r.<Row>getList(reasons)) {
                rs.add(x.getString(0) + "=" + x.getString(1));
            }
            v[reasons] = rs;
            v[details] = new java.util.TreeMap<>(r.<String, String>getJavaMap(details));
            return canonical(v);
        }, Encoders.STRING()).collectAsList());
        Collections.sort(expected);
        Collections.sort(actual);
        assertThat(actual.size()).isEqualTo(expected.size()).isGreaterThan(1_000_000);
        // every rule evaluated, each with NOT verdicts somewhere
        for (TrackRule r : rules) {
            assertThat(expected).anyMatch(s -> s.contains(r.ref().spec()) && s.contains("NOT_ON_TRACK"));
        }
        assertThat(actual.equals(expected)).as("Spark's rows equal the library's, status, reasons and details").isTrue();
        t.assessments().unpersist();
    }

    @Test
    void changeStatisticsAreTheLibrarysOnTheSamePairs() {
        List<PatientHistory> histories = cohort(3_000, 11);
        ChangeStatistics.Options options = ChangeStatistics.options(RciMethod.JT, 0.85, Direction.LOWER_IS_BETTER);
        List<Row> got = RomSpark.change(rows(histories), "odsis.total", 0, 5, options).orderBy("patient_id").collectAsList();
        List<String> ids = new ArrayList<>();
        List<double[]> pairs = new ArrayList<>();
        histories.stream().sorted(java.util.Comparator.comparing(PatientHistory::patientId)).forEach(h -> {
            ScoreSeries s = h.series("odsis.total");
            Double pre = null;
            Double post = null;
            for (int i = 0; i < s.size(); i++) {
                if (s.occasion(i) == 0) {
                    pre = s.value(i);
                }
                if (s.occasion(i) == 5) {
                    post = s.value(i);
                }
            }
            if (pre != null && post != null) {
                ids.add(h.patientId());
                pairs.add(new double[] {pre, post});
            }
        });
        ChangeAnalysis lib = ChangeStatistics.analyse(ids.toArray(new String[0]), pairs.stream().mapToDouble(p -> p[0])
                .toArray(), pairs.stream().mapToDouble(p -> p[1]).toArray(), options);
        assertThat(got).hasSize(lib.n()).hasSizeGreaterThan(1_000);
        for (int i = 0; i < got.size(); i++) {
            Row r = got.get(i);
            assertThat(r.getString(0)).isEqualTo(lib.patients().get(i).patientId());
            assertThat(r.getDouble(4)).isEqualTo(lib.index(i));
            assertThat(r.getString(5)).isEqualTo(lib.category(i).name());
        }
    }

    @Test
    void badInputBecomesDeadLettersAndTheJobGoesOn() {
        List<Row> rows = List.of(
                RowFactory.create("p-1", "e1", "odsis.total", "0", "12"),
                RowFactory.create("p-1", "e1", "odsis.total", "1", "abc"),
                RowFactory.create("p-1", "e1", "odsis.total", "2", "25"),
                RowFactory.create("p-1", "e1", "nope.total", "2", "3"),
                RowFactory.create("p-1", "e1", "odsis.total", "3", "14"),
                RowFactory.create("p-1", "e1", "odsis.total", "3", "15"),
                RowFactory.create("p-1", "e1", "odsis.total", "4", "16"),
                RowFactory.create("p-2", "e1", "odsis.total", "x", "10"),
                RowFactory.create("p-2", "e1", "odsis.total", "0", "10"));
        org.apache.spark.sql.types.StructType s = text("patient_id", "episode", "scale", "occasion", "score");
        RomSpark.Tracked t = RomSpark.track(spark.createDataFrame(rows, s), List.of("deterioration-or-no-change"));
        List<String> reasons = t.deadLetters().select("reason").collectAsList().stream()
                .map(r -> r.getString(0).replaceAll(":.*", "")).sorted().toList();
        // the library's data-issue codes, as every door names them; every row of a duplicated occasion is counted
        assertThat(reasons).containsExactly("duplicate", "duplicate", "invalid", "invalid", "unreadable", "unreadable");
        assertThat(t.deadLetterCounts()).containsExactly(Map.entry("duplicate", 2L), Map.entry("invalid", 2L),
                Map.entry("unreadable", 2L));
        assertThat(t.deadLetters().filter("reason LIKE 'invalid: scale%'").count()).isEqualTo(1);
        assertThat(t.deadLetters().filter("reason LIKE 'invalid: value%'").count()).isEqualTo(1);
        // p-1 is still evaluated on its good rows (occasions 0 and 4), p-2 on its one
        assertThat(t.assessments().filter("patient_id = 'p-1'").select("occasion").collectAsList())
                .extracting(r -> r.getInt(0)).containsExactly(0, 4);
        assertThat(t.assessments().filter("patient_id = 'p-2'").count()).isEqualTo(1);
        assertThat(t.assessments().select("episode", "openrom_version").first().getString(0)).isEqualTo("e1");
        // reasons and details are typed columns: SQL reads them without parsing
        Row typed = t.assessments().filter("patient_id = 'p-1' AND occasion = 4")
                .selectExpr("reasons[0].code", "reasons[0].sentence", "details['baseline']").first();
        assertThat(typed.getString(0)).matches("[a-z-]+");
        assertThat(typed.getString(1)).contains("ODSIS");
        assertThat(typed.getString(2)).isEqualTo("12.0");
        // without an episode column, episode is NULL, not ""; a NULL score or occasion is a dead letter with its reason
        List<Row> noEpisode = List.of(RowFactory.create("p-3", "odsis.total", "0", "12"),
                RowFactory.create("p-3", "odsis.total", "1", null), RowFactory.create("p-3", "odsis.total", null, "9"));
        RomSpark.Tracked n = RomSpark.track(spark.createDataFrame(noEpisode, text("patient_id", "scale", "occasion", "score")),
                List.of("deterioration-or-no-change"));
        assertThat(n.assessments().first().isNullAt(1)).isTrue();
        assertThat(n.deadLetters().select("reason").collectAsList()).extracting(r -> r.getString(0)).containsExactlyInAnyOrder(
                "unreadable: score is not a finite number", "unreadable: occasion is not an integer >= 0");
        // registry data: an unknown tool is a dead letter, the mapped ones become scores with occasions by date
        List<Row> registry = List.of(
                RowFactory.create("n-1", "ep", "720433000", "2024-01-08", "15"),
                RowFactory.create("n-1", "ep", "720433000", "2024-01-01", "18"),
                RowFactory.create("n-1", "ep", "445455005", "2024-01-01", "14"),
                RowFactory.create("n-1", "ep", "445455005", "2024-01-08", "12"),
                RowFactory.create("n-1", "ep", "999999", "2024-01-01", "3"),
                RowFactory.create("n-1", "ep", "720433000", "2024-01-15", "oops"));
        org.apache.spark.sql.types.StructType rs = text("person_id", "episode", "tool", "date", "score");
        RomSpark.Mapped m = RomSpark.fromRegistry(spark.createDataFrame(registry, rs), RomSpark.toolMap(spark));
        assertThat(m.deadLetters().select("reason").collectAsList()).extracting(r -> r.getString(0).replaceAll(":.*", ""))
                .containsExactlyInAnyOrder("unknown-tool", "malformed");
        List<Row> sc = m.scores().orderBy("scale", "occasion").collectAsList();
        assertThat(sc).extracting(r -> r.getString(2) + "@" + r.getInt(3) + "=" + r.getDouble(4))
                .containsExactly("gad7.total@0=14.0", "gad7.total@1=12.0", "phq9.total@0=18.0", "phq9.total@1=15.0");
        assertThat(RomSpark.track(m.scores(), List.of("talking-therapies")).assessments().count()).isEqualTo(2);
        assertThatThrownBy(() -> RomSpark.track(spark.createDataFrame(rows, s).drop("score"), List.of("persistent:k=2,"
                + "rule=(deterioration-or-no-change)"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column score: missing");
        // the specs docs/spark.md shows are valid ones
        assertThat(Engine.rules(List.of("talking-therapies", "deterioration-threshold:scale=phq9.total",
                "persistent:k=2,rule=(talking-therapies)"))).hasSize(3);
        assertThatThrownBy(() -> RomSpark.track(spark.createDataFrame(rows, s), List.of("no-such-rule")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ruleSpecs");
    }

    @Test
    void itemLevelRowsAreScoredLikeTheLibraryWithDeadLettersForBadAnswers() {
        List<Row> items = new ArrayList<>();
        int[] answers = {2, 3, 1, 2, 2};
        for (int i = 0; i < 5; i++) {
            items.add(RowFactory.create("p-1", "0", "odsis", "q" + (i + 1), String.valueOf(answers[i])));
            items.add(RowFactory.create("p-2", "0", "odsis", "q" + (i + 1), i == 2 ? "9" : "1"));
        }
        items.add(RowFactory.create("p-3", "0", "nope", "q1", "1"));
        org.apache.spark.sql.types.StructType s = text("patient_id", "occasion", "instrument", "item", "value");
        RomSpark.Mapped m = RomSpark.score(spark.createDataFrame(items, s));
        Administration a = Administration.builder("p-1", "odsis", 0).answers("q", answers).build();
        double library = Engine.INSTRUMENTS.get("odsis").score(a).get("odsis.total").orElseThrow().value().getAsDouble();
        assertThat(m.scores().collectAsList()).singleElement().satisfies(r -> {
            assertThat(r.getString(0)).isEqualTo("p-1");
            assertThat(r.getDouble(4)).isEqualTo(library);
        });
        assertThat(m.deadLetters().count()).isEqualTo(2);
    }

    @Test
    void sqlFunctionsRegisteredByClassNameAreCalledFromSparkSql() {
        // exactly what PySpark's spark.udf.registerJavaFunction does, on Spark Connect too
        spark.udf().registerJava("rom_score_by_name", "org.openrom.spark.ScoreFunction", DataTypes.DoubleType);
        assertThat(spark.sql("SELECT rom_score_by_name('odsis', '{\"q1\":2,\"q2\":3,\"q3\":1,\"q4\":2,\"q5\":2}', "
                + "'total')").first().getDouble(0)).isEqualTo(10.0);
        RomSpark.register(spark);
        Row r = spark.sql("SELECT rom_score('phq9', '{\"q1\":1}', 'total'), rom_rule_spec('deterioration-or-no-change'), "
                + "rom_rci(20.0, 10.0, 5.0, 0.8), rom_rule_spec('nonsense')").first();
        assertThat(r.isNullAt(0)).as("too few answers: no score").isTrue();
        assertThat(r.getString(1)).startsWith("deterioration-or-no-change:").contains("scale=odsis.total");
        assertThat(r.getDouble(2)).isCloseTo(-10 / (5 * Math.sqrt(2) * Math.sqrt(0.2)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.isNullAt(3)).isTrue();
        spark.createDataFrame(List.of(RowFactory.create("p", 0, 12.0), RowFactory.create("p", 1, 13.0),
                RowFactory.create("p", 2, 16.0)), new org.apache.spark.sql.types.StructType().add("patient_id",
                        DataTypes.StringType).add("occasion", DataTypes.IntegerType).add("score", DataTypes.DoubleType))
                .createOrReplaceTempView("odsis");
        String status = spark.sql("SELECT rom_track_status('deterioration-or-no-change', "
                + "to_json(collect_list(struct(occasion, score)))) FROM odsis GROUP BY patient_id").first().getString(0);
        assertThat(status).isEqualTo("NOT_ON_TRACK");
        // every assessment, from SQL alone, equal to the library's
        List<Row> all = spark.sql("SELECT a.occasion, a.status, a.details FROM (SELECT explode(from_json(rom_track("
                + "'deterioration-or-no-change', to_json(collect_list(struct(occasion, score)))), 'array<struct<occasion:int,"
                + "status:string,details:string>>')) AS a FROM odsis GROUP BY patient_id) ORDER BY a.occasion").collectAsList();
        List<TrackAssessment> lib = Engine.rules(List.of("deterioration-or-no-change")).get(0).evaluate(
                ScoreSeries.of("p", "odsis.total", new int[] {0, 1, 2}, new double[] {12, 13, 16}));
        assertThat(all).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(all.get(i).getString(1)).isEqualTo(lib.get(i).status().name());
            assertThat(all.get(i).getString(2)).isEqualTo(Engine.details(lib.get(i)));
        }
    }

    @Test
    void sqlFunctionsGiveNullForWhatDoesNotFitNeverAWrappedValueOrAFailedJob() {
        RomSpark.register(spark);
        String odsis = "'{\"q1\":2,\"q2\":3,\"q3\":1,\"q4\":2,\"q5\":";
        Row r = spark.sql("SELECT rom_score('odsis', " + odsis + "4294967298}', 'total'), "
                + "rom_track_status('deterioration-or-no-change', '[{\"occasion\":0,\"score\":5},{\"occasion\":1,\"score\":1e300}]'), "
                + "rom_track_status('deterioration-or-no-change', '[{\"occasion\":4294967297,\"score\":5}]'), "
                + "rom_track('deterioration-or-no-change', '[{\"occasion\":0,\"score\":1e308},{\"occasion\":1,\"score\":-1e308}]'), "
                + "rom_rci(-1e308, 1e308, 1.0, 0.5), "
                + "rom_score('odsis', " + odsis + "2}', 'total')").first();
        assertThat(r.isNullAt(0)).as("an answer of 4294967298 is no answer 2").isTrue();
        assertThat(r.isNullAt(1)).as("a PHQ-9-sized 1e300 is no score").isTrue();
        assertThat(r.isNullAt(2)).as("occasion 4294967297 is no occasion 1").isTrue();
        assertThat(r.isNullAt(3)).as("±1e308: NULL, not an exception").isTrue();
        assertThat(r.isNullAt(4)).as("an overflowing index is no index").isTrue();
        assertThat(r.getDouble(5)).isEqualTo(10.0);
    }

    @Test
    void sparkDecidesNoisyRowsAsTheLibrarysOneDoorDoes() {
        // random rows of 60 patients: duplicates, unknown scales, out-of-range and malformed scores, in random order
        Random r = new Random(41);
        List<Row> rows = new ArrayList<>();
        List<org.openrom.core.history.HistoryRow> library = new ArrayList<>();
        int unreadable = 0;
        for (int p = 0; p < 60; p++) {
            for (int k = 0; k < 8; k++) {
                String patient = "n-" + p;
                int occ = r.nextInt(6);
                String scale = r.nextInt(12) == 0 ? "nope.total" : "odsis.total";
                int kind = r.nextInt(20);
                String score = kind == 0 ? "abc" : kind == 1 ? "25" : String.valueOf(r.nextInt(21));
                rows.add(RowFactory.create(patient, "e", scale, String.valueOf(occ), score));
                if (kind == 0) {
                    unreadable++;
                } else {
                    library.add(new org.openrom.core.history.HistoryRow.StoredScore("row " + rows.size(), patient, scale,
                            Double.parseDouble(score), org.openrom.core.history.HistoryRow.When.at(occ)));
                }
            }
        }
        java.util.Collections.shuffle(rows, r);
        RomSpark.Tracked t = RomSpark.track(spark.createDataFrame(rows, text("patient_id", "episode", "scale", "occasion",
                "score")), List.of("deterioration-or-no-change")).persist();
        org.openrom.core.history.Assembly a = org.openrom.core.history.HistoryAssembler.builder(Engine.INSTRUMENTS)
                .duplicates(org.openrom.core.history.HistoryAssembler.Duplicates.REFUSE).build().assemble(library);
        // the same data issues, code by code (and the rows Spark could not even parse, as unreadable)
        Map<String, Long> expected = new java.util.TreeMap<>();
        a.issueCounts().forEach((code, n) -> expected.put(code.code(), (long) n));
        if (unreadable > 0) {
            expected.merge("unreadable", (long) unreadable, Long::sum);
        }
        assertThat(t.deadLetterCounts()).isEqualTo(expected);
        assertThat(expected).containsKeys("duplicate", "invalid");
        // the same histories: every assessment equal to the library's over the assembled history
        List<TrackRule> rules = Engine.rules(List.of("deterioration-or-no-change"));
        List<String> lib = new ArrayList<>();
        for (PatientHistory h : a.histories().values()) {
            for (TrackAssessment x : RuleTrack.evaluate(rules, h).get(0).assessments()) {
                lib.add(h.patientId() + ":" + x.occasion() + ":" + x.status());
            }
        }
        List<String> got = new ArrayList<>(t.assessments().selectExpr("concat(patient_id, ':', occasion, ':', status)")
                .as(Encoders.STRING()).collectAsList());
        Collections.sort(lib);
        Collections.sort(got);
        assertThat(got).isEqualTo(lib).isNotEmpty();
    }

    /** The rom command line, built by the reactor before this module (absent when this module is built alone). */
    static Path romJar() {
        return Path.of("..", "..", "apps", "rom-cli", "target", "rom.jar").toAbsolutePath().normalize();
    }

    static String[] rom(Path jar, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), new String(out, java.nio.charset.StandardCharsets.UTF_8),
            new String(err, java.nio.charset.StandardCharsets.UTF_8)};
    }

    @Test
    void sparkTheSqlFunctionsAndTheCommandLineDecideTheSameRowsAlike() throws Exception {
        Path jar = romJar();
        if (!java.nio.file.Files.exists(jar)) {
            org.junit.jupiter.api.Assertions.assertNull(System.getenv("CI"), "CI builds the whole reactor: " + jar + " is missing");
            org.junit.jupiter.api.Assumptions.abort("rom.jar is not built (this module built alone)");
        }
        RomSpark.register(spark);
        for (long seed = 1; seed <= 5; seed++) {
            Random r = new Random(seed);
            List<Row> rows = new ArrayList<>();
            StringBuilder csv = new StringBuilder("patient_id,occasion,scale,score\n");
            for (int p = 0; p < 25; p++) {
                int n = 2 + r.nextInt(6);
                int level = 4 + r.nextInt(10);
                for (int occ = 0; occ < n; occ++) {
                    int score = Math.max(0, Math.min(20, level + (r.nextInt(7) - 2) * occ / 2));
                    rows.add(RowFactory.create("s" + seed + "-" + p, "e", "odsis.total", String.valueOf(occ),
                            String.valueOf(score)));
                    csv.append("s").append(seed).append('-').append(p).append(',').append(occ).append(",odsis.total,")
                            .append(score).append('\n');
                }
            }
            java.util.Collections.shuffle(rows, r);
            Path file = tmp.resolve("scores-" + seed + ".csv");
            java.nio.file.Files.writeString(file, csv.toString());
            // the Dataset API
            Dataset<Row> input = spark.createDataFrame(rows, text("patient_id", "episode", "scale", "occasion", "score"));
            RomSpark.Tracked t = RomSpark.track(input, List.of("deterioration-or-no-change")).persist();
            assertThat(t.deadLetters().count()).isZero();
            List<String> fromSpark = new ArrayList<>(t.assessments().selectExpr(
                    "concat(patient_id, ':', occasion, ':', status)").as(Encoders.STRING()).collectAsList());
            // the command line, in a JVM of its own
            String[] cli = rom(jar, "track", "--in", file.toString(), "--rule", "deterioration-or-no-change", "--quiet");
            assertThat(cli[0]).as(cli[2]).isEqualTo("0");
            List<String> fromCli = new ArrayList<>();
            for (String line : cli[1].lines().toList()) {
                com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                fromCli.add(n.path("patientId").asText() + ":" + n.path("occasion").asInt() + ":" + n.path("status").asText());
            }
            Collections.sort(fromSpark);
            Collections.sort(fromCli);
            assertThat(fromSpark).isEqualTo(fromCli).isNotEmpty();
            // the SQL function: each patient's last status
            input.createOrReplaceTempView("noisy_" + seed);
            Map<String, String> last = new java.util.TreeMap<>();
            for (String x : fromCli) {
                String[] f = x.split(":");
                last.merge(f[0], f[1] + ":" + f[2], (a, b) -> Integer.parseInt(a.split(":")[0]) > Integer.parseInt(b.split(":")[0]) ? a : b);
            }
            for (Row row : spark.sql("SELECT patient_id, rom_track_status('deterioration-or-no-change', to_json(collect_list("
                    + "struct(CAST(occasion AS INT) AS occasion, CAST(score AS DOUBLE) AS score)))) FROM noisy_" + seed
                    + " GROUP BY patient_id").collectAsList()) {
                assertThat(row.getString(1)).as(row.getString(0)).isEqualTo(last.get(row.getString(0)).split(":")[1]);
            }
            // a duplicated occasion: Spark dead-letters both rows and evaluates the rest; the file is refused loudly
            java.nio.file.Files.writeString(file, csv + "s" + seed + "-0,0,odsis.total,3\n");
            String[] refused = rom(jar, "track", "--in", file.toString(), "--rule", "deterioration-or-no-change", "--quiet");
            assertThat(refused[0]).isEqualTo("3");
            assertThat(refused[2]).contains("duplicate");
            List<Row> more = new ArrayList<>(rows);
            more.add(RowFactory.create("s" + seed + "-0", "e", "odsis.total", "0", "3"));
            RomSpark.Tracked d = RomSpark.track(spark.createDataFrame(more, text("patient_id", "episode", "scale", "occasion",
                    "score")), List.of("deterioration-or-no-change"));
            assertThat(d.deadLetterCounts()).containsExactly(Map.entry("duplicate", 2L));
            t.assessments().unpersist();
        }
    }

    @Test
    void aCriticalAnswerBesideAMalformedRecordStillAlertsAndTheRecordIsADeadLetter() {
        List<Row> items = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            // p-1: item 1 answered 9 (outside 0..3), item 9 answered 2; p-2: complete, item 9 left out
            items.add(RowFactory.create("p-1", "0", "phq9", "q" + i, i == 1 ? "9" : i == 9 ? "2" : "1"));
            if (i < 9) {
                items.add(RowFactory.create("p-2", "0", "phq9", "q" + i, "1"));
            }
        }
        items.add(RowFactory.create("p-1", "0", "phq9", "q3", "abc"));
        RomSpark.Mapped m = RomSpark.score(spark.createDataFrame(items, text("patient_id", "occasion", "instrument",
                "item", "value")));
        List<Row> alerts = m.alerts().orderBy("patient_id").collectAsList();
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).getString(0)).isEqualTo("p-1");
        assertThat(alerts.get(0).getString(2)).isEqualTo("phq9");
        assertThat(alerts.get(0).getString(4)).isEqualTo("q9");
        assertThat(alerts.get(0).getInt(5)).isEqualTo(2);
        assertThat(alerts.get(0).getString(6)).isEqualTo("high");
        assertThat(alerts.get(0).getString(7)).isEqualTo("phq9-self-harm");
        assertThat(alerts.get(1).getString(0)).isEqualTo("p-2");
        assertThat(alerts.get(1).isNullAt(5)).as("left unanswered").isTrue();
        assertThat(alerts.get(1).getString(7)).isEqualTo("phq9-self-harm-unanswered");
        // the bad records are counted where the user looks: the dead letters; p-1's PHQ-9 is not scored from the rest
        assertThat(m.deadLetters().filter("patient_id = 'p-1'").count()).isEqualTo(2);
        assertThat(m.scores().filter("patient_id = 'p-1'").count()).isZero();
    }
}
