package org.openrom.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.openrom.core.ValidationException;
import org.openrom.core.history.Assembly;
import org.openrom.core.history.DataIssue;
import org.openrom.core.history.HistoryAssembler;
import org.openrom.core.history.HistoryRow;
import org.openrom.core.history.OccasionRule;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;

/**
 * OpenROM on Apache Spark: the library's rules, scoring and change statistics over {@code Dataset<Row>}, grouped by
 * patient (and episode) with each patient's rows sorted by occasion, calling the same {@link TrackRule} objects as the
 * library's batch path ({@link RuleTrack#evaluate}). Output rows carry their provenance (rule id, version, canonical
 * spec, library version). Bad input never kills the job: it becomes dead-letter rows with the reason.
 *
 * <p>Input, score level ({@link #track}): {@code patient_id}, optional {@code episode}, {@code scale} (an installed
 * scale's qualified id, e.g. {@code phq9.total}), {@code occasion} (0 = baseline) and {@code score}. Registry data
 * (person, episode, coded tool, date, score) becomes that shape with {@link #fromRegistry}. Only Java and Spark types
 * appear in this API; no Scala type.
 */
public final class RomSpark {
    /** A reason of an assessment: the finding's code and its sentence. */
    public static final StructType REASON = new StructType(new StructField[] {
        field("code", DataTypes.StringType), field("sentence", DataTypes.StringType)});
    /**
     * The assessments' columns: {@code reasons} an array of {@link #REASON}, {@code details} a map of the rule's numbers
     * (each value as its JSON text: {@code 15.0}, {@code true}), so that SQL reads them without parsing.
     */
    public static final StructType ASSESSMENTS = new StructType(new StructField[] {
        field("patient_id", DataTypes.StringType), field("episode", DataTypes.StringType),
        field("occasion", DataTypes.IntegerType), field("rule_id", DataTypes.StringType),
        field("rule_version", DataTypes.StringType), field("rule_spec", DataTypes.StringType),
        field("status", DataTypes.StringType), field("reasons", DataTypes.createArrayType(REASON, false)),
        field("explanation", DataTypes.StringType),
        field("details", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true)),
        field("openrom_version", DataTypes.StringType)});
    /** The assessments as the job carries them: reasons and details as JSON text, typed by {@link Tracked#assessments}. */
    private static final StructType ASSESSMENTS_TEXT = new StructType(java.util.Arrays.stream(ASSESSMENTS.fields())
            .map(f -> f.name().equals("reasons") || f.name().equals("details") ? field(f.name(), DataTypes.StringType) : f)
            .toArray(StructField[]::new));
    /** The dead letters' columns: what was wrong, and where (the patient, the row's scale and occasion as given). */
    public static final StructType DEAD_LETTERS = new StructType(new StructField[] {
        field("patient_id", DataTypes.StringType), field("episode", DataTypes.StringType),
        field("reason", DataTypes.StringType), field("scale", DataTypes.StringType),
        field("occasion", DataTypes.StringType), field("openrom_version", DataTypes.StringType)});
    /** Score-level rows: what {@link #fromRegistry} and {@link #score} give, and what {@link #track} reads. */
    public static final StructType SCORES = new StructType(new StructField[] {
        field("patient_id", DataTypes.StringType), field("episode", DataTypes.StringType),
        field("scale", DataTypes.StringType), field("occasion", DataTypes.IntegerType),
        field("score", DataTypes.DoubleType)});
    /**
     * Dead-letter reasons of {@link #score} and {@link #fromRegistry}. Those of {@link #track} are the library's data
     * issue codes ({@link DataIssue.Code#code()}: {@code unreadable}, {@code invalid}, {@code duplicate}), as every door
     * names them, and {@code rule-failed}.
     */
    public static final String MALFORMED = "malformed", UNKNOWN_SCALE = "unknown-scale", OUT_OF_RANGE = "out-of-range",
            DUPLICATE = "duplicate-occasion", UNKNOWN_TOOL = "unknown-tool", RULE_FAILED = "rule-failed";
    /** What a data issue of {@link #track} means, after its code and field. */
    private static final Map<DataIssue.Code, String> MEANING = Map.of(
            DataIssue.Code.INVALID, "(not an installed scale, or a score outside its range)",
            DataIssue.Code.DUPLICATE, "(the scale is scored more than once at this occasion)",
            DataIssue.Code.UNREADABLE, "(not readable)");

    private static final StructType OUT = combined(ASSESSMENTS_TEXT, DEAD_LETTERS);

    private RomSpark() {
    }

    static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /** One schema holding either kind of row: a kind column, then both sets of columns (prefixed). */
    private static StructType combined(StructType a, StructType d) {
        List<StructField> f = new ArrayList<>();
        f.add(field("kind", DataTypes.StringType));
        for (StructField x : a.fields()) {
            f.add(field("a_" + x.name(), x.dataType()));
        }
        for (StructField x : d.fields()) {
            f.add(field("d_" + x.name(), x.dataType()));
        }
        return new StructType(f.toArray(new StructField[0]));
    }

    /**
     * Registers the SQL functions for {@code spark.sql(...)} (the same classes PySpark registers by name with
     * {@code spark.udf.registerJavaFunction}): {@code rom_score}, {@code rom_rule_spec}, {@code rom_track},
     * {@code rom_track_status}, {@code rom_rci}.
     *
     * @param spark the session
     */
    public static void register(SparkSession spark) {
        Objects.requireNonNull(spark, "spark");
        spark.udf().registerJava("rom_score", ScoreFunction.class.getName(), DataTypes.DoubleType);
        spark.udf().registerJava("rom_rule_spec", RuleSpecFunction.class.getName(), DataTypes.StringType);
        spark.udf().registerJava("rom_track", TrackFunction.class.getName(), DataTypes.StringType);
        spark.udf().registerJava("rom_track_status", TrackStatusFunction.class.getName(), DataTypes.StringType);
        spark.udf().registerJava("rom_rci", RciFunction.class.getName(), DataTypes.DoubleType);
    }

    /**
     * Runs rules over score-level rows, one group per patient and episode (a NULL episode is its own, and stays NULL),
     * each group assembled by the library's one door ({@link HistoryAssembler}: stated occasions, a scale scored twice
     * at one occasion refused) and evaluated with the library's batch path. What cannot be used becomes a dead letter
     * whose reason is the library's data-issue code: {@code unreadable} (a malformed or NULL score or occasion),
     * {@code invalid} (a scale that is not installed, a score outside its range), {@code duplicate} (every row of a
     * scale scored twice at one occasion); the patient's other rows are evaluated.
     *
     * @param scores rows with {@code patient_id}, {@code scale}, {@code occasion}, {@code score} and optionally
     *     {@code episode} (any types Spark can cast to text)
     * @param ruleSpecs rule specs (canonicalised in the output)
     * @return the assessments and the dead letters
     * @throws IllegalArgumentException naming a missing column, or a rule spec the registry refuses
     */
    public static Tracked track(Dataset<Row> scores, List<String> ruleSpecs) {
        Objects.requireNonNull(scores, "scores");
        List<String> specs = List.copyOf(Objects.requireNonNull(ruleSpecs, "ruleSpecs"));
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("ruleSpecs: got none, expected at least one rule spec");
        }
        try {
            Engine.rules(specs); // refuse a bad spec on the driver, before the job starts
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ruleSpecs: " + e.getMessage(), e);
        }
        Dataset<Row> text = asText(scores, List.of("patient_id", "scale", "occasion", "score"));
        Dataset<Row> out = text.groupByKey((MapFunction<Row, String>) r -> key(r), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (k, rows) -> trackGroup(specs, rows),
                        Encoders.row(OUT));
        return new Tracked(out);
    }

    /** The columns as text (so that a malformed value reaches the dead letters instead of a silent null). */
    private static Dataset<Row> asText(Dataset<Row> in, List<String> required) {
        Set<String> have = new HashSet<>(Arrays.asList(in.columns()));
        for (String c : required) {
            if (!have.contains(c)) {
                throw new IllegalArgumentException("column " + c + ": missing (the columns are " + new TreeSet<>(have)
                        + "; expected " + required + " and optionally episode)");
            }
        }
        List<Column> cols = new ArrayList<>();
        cols.add(col("patient_id").cast("string").as("patient_id"));
        // no episode column: NULL, as SQL says "none", never an empty string
        cols.add((have.contains("episode") ? col("episode").cast("string") : lit(null).cast("string")).as("episode"));
        for (String c : required.subList(1, required.size())) {
            cols.add(col(c).cast("string").as(c));
        }
        return in.select(cols.toArray(new Column[0]));
    }

    static String key(Row r) {
        // a NULL episode and an empty one are two groups
        return (r.isNullAt(0) ? "" : r.getString(0)) + "\u0000" + (r.isNullAt(1) ? "\u0001" : "\u0002" + r.getString(1));
    }

    /**
     * The one door, as Spark uses it: strict sessions (the occasion column), and a scale scored twice at one occasion
     * refused (every such row is a dead letter), as a registry's table leaves no way to tell which copy is right.
     */
    private static final HistoryAssembler ASSEMBLER = HistoryAssembler.builder(Engine.INSTRUMENTS)
            .occasions(OccasionRule.stated()).duplicates(HistoryAssembler.Duplicates.REFUSE).build();

    private static Iterator<Row> trackGroup(List<String> specs, Iterator<Row> rows) {
        List<Row> out = new ArrayList<>();
        String patient = null;
        String episode = null;
        // the rows parsed for the library's assembler; what cannot even be parsed is a dead letter here
        List<HistoryRow> parsed = new ArrayList<>();
        Map<String, String[]> where = new HashMap<>();
        int index = 0;
        while (rows.hasNext()) {
            Row r = rows.next();
            patient = r.isNullAt(0) ? null : r.getString(0);
            episode = r.isNullAt(1) ? null : r.getString(1);
            String scale = r.isNullAt(2) ? null : r.getString(2).trim();
            String occasionText = r.isNullAt(3) ? null : r.getString(3).trim();
            String scoreText = r.isNullAt(4) ? null : r.getString(4).trim();
            if (patient == null || patient.isBlank()) {
                out.add(dead(patient, episode, DataIssue.Code.UNREADABLE.code() + ": patient_id missing", scale, occasionText));
                continue;
            }
            Integer occasion = integer(occasionText);
            Double score = number(scoreText);
            if (occasion == null || occasion < 0 || score == null) {
                out.add(dead(patient, episode, DataIssue.Code.UNREADABLE.code() + ": " + (occasion == null || occasion < 0
                        ? "occasion is not an integer >= 0" : "score is not a finite number"), scale, occasionText));
                continue;
            }
            if (scale == null || scale.isEmpty()) {
                out.add(dead(patient, episode, DataIssue.Code.INVALID.code() + ": scale missing", scale, occasionText));
                continue;
            }
            String source = "row " + index++;
            try {
                parsed.add(new HistoryRow.StoredScore(source, patient, scale, score, HistoryRow.When.at(occasion)));
            } catch (ValidationException e) {
                out.add(dead(patient, episode, DataIssue.Code.INVALID.code() + ": patient_id is not a valid id", scale,
                        occasionText));
                continue;
            }
            where.put(source, new String[] {scale, occasionText});
        }
        if (parsed.isEmpty()) {
            return out.iterator();
        }
        Assembly assembly = ASSEMBLER.assemble(parsed);
        for (DataIssue i : assembly.issues()) {
            String[] w = where.get(i.source());
            out.add(dead(patient, episode, i.code().code() + ": " + i.field().map(f -> f + " " + MEANING.get(i.code()))
                    .orElse(MEANING.get(i.code())), w[0], w[1]));
        }
        PatientHistory h = assembly.histories().values().stream().findFirst().orElse(null);
        if (h == null) {
            return out.iterator();
        }
        List<TrackRule> rules = Engine.rules(specs);
        List<RuleTrack> tracks;
        try {
            tracks = Engine.evaluate(rules, h);
        } catch (RuntimeException e) {
            out.add(dead(patient, episode, RULE_FAILED + ": " + e.getClass().getSimpleName(), null, null));
            return out.iterator();
        }
        // by occasion, then rule order, as rom track writes them
        List<Object[]> rowsOut = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            for (TrackAssessment a : tracks.get(i).assessments()) {
                rowsOut.add(new Object[] {a.occasion(), i, a});
            }
        }
        rowsOut.sort(java.util.Comparator.<Object[]>comparingInt(x -> (Integer) x[0]).thenComparingInt(x -> (Integer) x[1]));
        for (Object[] x : rowsOut) {
            out.add(assessment(patient, episode, (TrackAssessment) x[2]));
        }
        return out.iterator();
    }

    static Integer integer(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (int) d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double number(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * An assessment as the job carries it: the canonical text of every field (the same on the driver and executors),
     * reasons and details as JSON ({@link Engine#reasonsJson}, {@link Engine#details}).
     */
    static Object[] assessmentValues(String patient, String episode, TrackAssessment a) {
        return new Object[] {patient, episode, a.occasion(), a.rule().id(), a.rule().version(), a.rule().spec(),
            a.status().name(), Engine.reasonsJson(a), Engine.explanation(a), Engine.details(a), Engine.VERSION};
    }

    private static Row assessment(String patient, String episode, TrackAssessment a) {
        Object[] v = new Object[OUT.size()];
        v[0] = "assessment";
        System.arraycopy(assessmentValues(patient, episode, a), 0, v, 1, ASSESSMENTS_TEXT.size());
        return RowFactory.create(v);
    }

    private static Row dead(String patient, String episode, String reason, String scale, String occasion) {
        Object[] v = new Object[OUT.size()];
        v[0] = "dead-letter";
        Object[] d = {patient, episode, reason, scale, occasion, Engine.VERSION};
        System.arraycopy(d, 0, v, 1 + ASSESSMENTS_TEXT.size(), d.length);
        return RowFactory.create(v);
    }

    /** Selects one kind of a combined dataset under its own column names. */
    static Dataset<Row> select(Dataset<Row> combined, String kind, String prefix, StructType schema) {
        Column[] cols = Arrays.stream(schema.fieldNames()).map(n -> col(prefix + n).as(n)).toArray(Column[]::new);
        return combined.filter(col("kind").equalTo(kind)).select(cols);
    }

    /**
     * Scores item-level rows with the installed instruments: one administration per patient, episode, occasion and
     * instrument, scored by {@link org.openrom.core.instrument.Instrument#score}. An unknown instrument or item, a
     * malformed or out-of-range answer, an item answered twice, and a scale that cannot be scored (too many missing
     * answers) become dead letters.
     *
     * @param items rows with {@code patient_id}, optional {@code episode}, {@code occasion}, {@code instrument},
     *     {@code item}, {@code value}
     * @return score-level rows ({@link #SCORES}) and the dead letters
     */
    public static Mapped score(Dataset<Row> items) {
        Objects.requireNonNull(items, "items");
        Dataset<Row> text = asText(items, List.of("patient_id", "occasion", "instrument", "item", "value"));
        StructType out = mappedSchema();
        Dataset<Row> all = text.groupByKey((MapFunction<Row, String>) r -> key(r), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (k, rows) -> ItemScoring.scoreGroup(rows), Encoders.row(out));
        return new Mapped(all);
    }

    /** An alert in the mapped rows' columns (read back by {@link Mapped#alerts}). */
    static Row alert(String episode, org.openrom.core.safety.SafetyAlert a) {
        return RowFactory.create("alert", a.patientId(), episode, a.instrumentId() + "." + a.itemId(), a.occasion(),
                a.value().isPresent() ? (double) a.value().getAsInt() : null, a.code(), a.severity().code());
    }

    static StructType mappedSchema() {
        return new StructType(new StructField[] {field("kind", DataTypes.StringType),
            field("patient_id", DataTypes.StringType), field("episode", DataTypes.StringType),
            field("scale", DataTypes.StringType), field("occasion", DataTypes.IntegerType),
            field("score", DataTypes.DoubleType), field("reason", DataTypes.StringType),
            field("date", DataTypes.StringType)});
    }

    /**
     * Registry data into score-level rows: a long table of coded tool scores is mapped onto OpenROM scales by a
     * mapping table (data, e.g. {@link #toolMap}), and each person's and episode's dates become occasions (the rank of
     * the date among the episode's dates: 0 is the first). A tool without a mapping becomes a dead letter.
     *
     * @param registry rows with {@code person_id}, {@code episode}, {@code tool}, {@code date} (ISO), {@code score}
     * @param tools rows with {@code code} and {@code scale} (as {@link #toolMap} gives them)
     * @return score-level rows ({@link #SCORES}) and the dead letters
     */
    public static Mapped fromRegistry(Dataset<Row> registry, Dataset<Row> tools) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(tools, "tools");
        Map<String, String> map = new HashMap<>();
        for (Row r : tools.select(col("code").cast("string"), col("scale").cast("string")).collectAsList()) {
            map.put(r.getString(0), r.getString(1));
        }
        Map<String, String> codes = Collections.unmodifiableMap(map);
        Set<String> have = new HashSet<>(Arrays.asList(registry.columns()));
        for (String c : List.of("person_id", "tool", "date", "score")) {
            if (!have.contains(c)) {
                throw new IllegalArgumentException("column " + c + ": missing (expected person_id, episode, tool, date, "
                        + "score)");
            }
        }
        Dataset<Row> text = registry.select(col("person_id").cast("string"), (have.contains("episode")
                ? col("episode").cast("string") : lit("")).as("episode"), col("tool").cast("string"),
                col("date").cast("string"), col("score").cast("string"));
        StructType out = mappedSchema();
        Dataset<Row> all = text.groupByKey((MapFunction<Row, String>) r -> key(r), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (k, rows) -> RegistryRows.mapGroup(rows, codes),
                        Encoders.row(out));
        return new Mapped(all);
    }

    /**
     * The built-in mapping of registry tool codes onto OpenROM scales: SNOMED CT and LOINC codes of the PHQ-9 and GAD-7
     * totals, each with its source and display name ({@code status} {@code checked}: code and name were checked against
     * the publications named in {@code source}, not against a licensed terminology release). A clinic or registry passes
     * its own table with the same columns.
     *
     * @param spark the session
     * @return {@code system, code, scale, display, status, source}
     */
    public static Dataset<Row> toolMap(SparkSession spark) {
        Objects.requireNonNull(spark, "spark");
        List<Row> rows = new ArrayList<>();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                RomSpark.class.getResourceAsStream("tools.csv"), java.nio.charset.StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null;) {
                String[] f = line.split(",", 6);
                rows.add(RowFactory.create(f[0], f[1], f[2], f[3], f[4], f[5].replace("\"", "")));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StructType s = new StructType(new StructField[] {field("system", DataTypes.StringType),
            field("code", DataTypes.StringType), field("scale", DataTypes.StringType), field("display", DataTypes.StringType),
            field("status", DataTypes.StringType), field("source", DataTypes.StringType)});
        return spark.createDataFrame(rows, s);
    }

    /**
     * Change statistics by the library ({@link org.openrom.rules.change.ChangeStatistics}): each patient's pre and
     * post scores are found in parallel, then the analysis, which needs the whole sample (its SD, its correlation),
     * runs once on the driver over the pairs, and its per-patient results come back as a Dataset.
     *
     * @param scores score-level rows
     * @param scale the scale
     * @param pre the pre occasion
     * @param post the post occasion
     * @param options the library's options (method, reliability, direction, cut-off)
     * @return {@code patient_id, pre, post, change, index, category, method, openrom_version}
     */
    public static Dataset<Row> change(Dataset<Row> scores, String scale, int pre, int post,
            org.openrom.rules.change.ChangeStatistics.Options options) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(options, "options");
        Dataset<Row> pairs = scores.filter(col("scale").equalTo(scale).and(col("occasion").isin(pre, post)))
                .groupBy(col("patient_id").cast("string").as("patient_id"))
                .agg(org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.when(col("occasion").equalTo(pre),
                        col("score"))).as("pre"), org.apache.spark.sql.functions.max(org.apache.spark.sql.functions
                        .when(col("occasion").equalTo(post), col("score"))).as("post"))
                .filter(col("pre").isNotNull().and(col("post").isNotNull())).orderBy("patient_id");
        List<Row> collected = pairs.collectAsList();
        String[] ids = new String[collected.size()];
        double[] a = new double[ids.length];
        double[] b = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = collected.get(i).getString(0);
            a[i] = ((Number) collected.get(i).get(1)).doubleValue();
            b[i] = ((Number) collected.get(i).get(2)).doubleValue();
        }
        org.openrom.rules.change.ChangeAnalysis analysis = org.openrom.rules.change.ChangeStatistics.analyse(ids, a, b,
                options);
        List<Row> out = new ArrayList<>();
        for (org.openrom.rules.change.PatientChange p : analysis.patients()) {
            out.add(RowFactory.create(p.patientId(), p.pre(), p.post(), p.change(), p.index(), p.category().name(),
                    analysis.method().name(), Engine.VERSION));
        }
        StructType s = new StructType(new StructField[] {field("patient_id", DataTypes.StringType),
            field("pre", DataTypes.DoubleType), field("post", DataTypes.DoubleType), field("change", DataTypes.DoubleType),
            field("index", DataTypes.DoubleType), field("category", DataTypes.StringType),
            field("method", DataTypes.StringType), field("openrom_version", DataTypes.StringType)});
        return scores.sparkSession().createDataFrame(out, s);
    }

    /** The result of {@link #track}: the assessments and the dead letters, from one pass (persist it to reuse). */
    public static final class Tracked {
        private final Dataset<Row> combined;

        Tracked(Dataset<Row> combined) {
            this.combined = combined;
        }

        /** @return this result, persisted at Spark's default level, so both views read one evaluation */
        public Tracked persist() {
            combined.persist();
            return this;
        }

        /** @return the assessments ({@link #ASSESSMENTS}) */
        public Dataset<Row> assessments() {
            Column[] cols = Arrays.stream(ASSESSMENTS.fields()).map(f -> f.name().equals("reasons")
                    || f.name().equals("details") ? org.apache.spark.sql.functions.from_json(col("a_" + f.name()),
                            f.dataType(), Map.<String, String>of()).as(f.name()) : col("a_" + f.name()).as(f.name()))
                    .toArray(Column[]::new);
            return combined.filter(col("kind").equalTo("assessment")).select(cols);
        }

        /** @return the dead letters ({@link #DEAD_LETTERS}) */
        public Dataset<Row> deadLetters() {
            return select(combined, "dead-letter", "d_", DEAD_LETTERS);
        }

        /**
         * Counts the dead letters by reason code ({@code malformed}, {@code unknown-scale}, …) and logs the counts
         * (codes and numbers only, never a patient).
         *
         * @return reason code -> rows, sorted by code; empty when every row was evaluated
         */
        public Map<String, Long> deadLetterCounts() {
            Map<String, Long> out = new TreeMap<>();
            for (Row r : deadLetters().select(org.apache.spark.sql.functions.regexp_extract(col("reason"), "^[a-z-]+", 0)
                    .as("code")).groupBy("code").count().collectAsList()) {
                out.put(r.getString(0), r.getLong(1));
            }
            if (!out.isEmpty()) {
                org.slf4j.LoggerFactory.getLogger(RomSpark.class).warn("Dead letters by reason: {}", out);
            }
            return out;
        }
    }

    /** The result of {@link #fromRegistry} and {@link #score}: score-level rows and dead letters. */
    public static final class Mapped {
        private final Dataset<Row> all;

        Mapped(Dataset<Row> all) {
            this.all = all;
        }

        /** @return score-level rows ({@link #SCORES}), ready for {@link #track} */
        public Dataset<Row> scores() {
            return all.filter(col("kind").equalTo("score")).select("patient_id", "episode", "scale", "occasion", "score");
        }

        /**
         * The safety alerts of the critical items (PHQ-9 item 9): one row per alert, whatever else is wrong with the
         * administration (an answer out of range, a duplicate row), with {@code patient_id}, {@code episode},
         * {@code instrument}, {@code occasion}, {@code item}, {@code value} (NULL: left unanswered), {@code severity}
         * and {@code code}. Empty when item-level data were not given ({@link #fromRegistry} holds totals only).
         *
         * @return the alerts
         */
        public Dataset<Row> alerts() {
            return all.filter(col("kind").equalTo("alert")).select(col("patient_id"), col("episode"),
                    org.apache.spark.sql.functions.substring_index(col("scale"), ".", 1).as("instrument"), col("occasion"),
                    org.apache.spark.sql.functions.substring_index(col("scale"), ".", -1).as("item"),
                    col("score").cast("int").as("value"), col("date").as("severity"), col("reason").as("code"));
        }

        /** @return rows that could not be mapped, with {@code reason} */
        public Dataset<Row> deadLetters() {
            return all.filter(col("kind").equalTo("dead-letter")).select("patient_id", "episode", "scale", "occasion", "date",
                    "reason");
        }
    }
}
