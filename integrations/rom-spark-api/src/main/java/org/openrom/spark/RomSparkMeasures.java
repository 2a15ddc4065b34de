package org.openrom.spark;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.openrom.core.ValidationException;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasurePatient;
import org.openrom.measures.MeasureResult;
import org.openrom.measures.MeasureRows;
import org.openrom.measures.MeasurementPeriod;
import org.openrom.rules.research.RuleComparison;

/**
 * The depression quality measures (CMS159, DEP-REM-6, response) over a registry's rows: the tidy rows of
 * {@link MeasureRows} (one per patient and day of contact), grouped by patient and read by the same code as the CSV
 * reader, each patient evaluated by the library's {@link EpisodeMeasure}. A row that cannot be read becomes a dead
 * letter naming its column and what was expected (never its value); the patient's other rows are evaluated. Spark has
 * no row order: several scores on one day are ordered by their time when the {@code date} column gives one, else by
 * their text, so give times where the order matters.
 */
public final class RomSparkMeasures {
    /** One patient's result. */
    public static final StructType RESULTS = new StructType(new StructField[] {
        RomSpark.field("measure", DataTypes.StringType), RomSpark.field("patient_id", DataTypes.StringType),
        RomSpark.field("initial_population", DataTypes.BooleanType), RomSpark.field("denominator", DataTypes.BooleanType),
        RomSpark.field("denominator_exclusion", DataTypes.BooleanType), RomSpark.field("numerator", DataTypes.BooleanType),
        RomSpark.field("index_date", DataTypes.DateType), RomSpark.field("index_score", DataTypes.DoubleType),
        RomSpark.field("closing_date", DataTypes.DateType), RomSpark.field("closing_score", DataTypes.DoubleType),
        RomSpark.field("age_at_index", DataTypes.IntegerType), RomSpark.field("stratum", DataTypes.StringType),
        RomSpark.field("exclusions", DataTypes.createArrayType(DataTypes.StringType, false)),
        RomSpark.field("evidence", DataTypes.createArrayType(DataTypes.StringType, false)),
        RomSpark.field("issues", DataTypes.createArrayType(DataTypes.StringType, false)),
        RomSpark.field("reason", DataTypes.StringType), RomSpark.field("openrom_version", DataTypes.StringType)});
    /** A row that could not be read: the patient, the row's reference, the column, the reason. */
    public static final StructType DEAD_LETTERS = new StructType(new StructField[] {
        RomSpark.field("patient_id", DataTypes.StringType), RomSpark.field("row", DataTypes.StringType),
        RomSpark.field("column", DataTypes.StringType), RomSpark.field("reason", DataTypes.StringType),
        RomSpark.field("openrom_version", DataTypes.StringType)});
    /** The populations per stratum ({@code all}, then each age stratum), with the rate's Wilson 95% interval. */
    public static final StructType SUMMARY = new StructType(new StructField[] {
        RomSpark.field("measure", DataTypes.StringType), RomSpark.field("stratum", DataTypes.StringType),
        RomSpark.field("patients", DataTypes.LongType), RomSpark.field("initial_population", DataTypes.LongType),
        RomSpark.field("denominator", DataTypes.LongType), RomSpark.field("denominator_exclusions", DataTypes.LongType),
        RomSpark.field("numerator", DataTypes.LongType), RomSpark.field("rate", DataTypes.DoubleType),
        RomSpark.field("rate_low", DataTypes.DoubleType), RomSpark.field("rate_high", DataTypes.DoubleType)});

    private static final StructType OUT;

    static {
        List<StructField> f = new ArrayList<>();
        f.add(RomSpark.field("kind", DataTypes.StringType));
        Arrays.stream(RESULTS.fields()).forEach(x -> f.add(RomSpark.field("r_" + x.name(), x.dataType())));
        Arrays.stream(DEAD_LETTERS.fields()).forEach(x -> f.add(RomSpark.field("d_" + x.name(), x.dataType())));
        OUT = new StructType(f.toArray(new StructField[0]));
    }

    private RomSparkMeasures() {
    }

    /**
     * Evaluates a measure over every patient of the rows.
     *
     * @param rows rows with {@code patient_id} and {@code date}, and any of the other columns of
     *     {@link MeasureRows#COLUMNS}, plus an optional {@code row_id} that names each row in the evidence (else
     *     {@code date#n}); any types Spark can cast to text
     * @param measureId a built-in measure: {@code cms159}, {@code dep-rem-6}, {@code response-12}, {@code response-6}
     * @param period the measurement period, {@code yyyy-mm-dd..yyyy-mm-dd} or {@code yyyy}
     * @return the results and the dead letters
     * @throws IllegalArgumentException naming a missing column, an unknown measure or a malformed period
     */
    public static Measured measure(Dataset<Row> rows, String measureId, String period) {
        Objects.requireNonNull(rows, "rows");
        EpisodeMeasure m;
        MeasurementPeriod mp;
        try {
            m = EpisodeMeasure.builtIn(Objects.requireNonNull(measureId, "measureId"));
            mp = MeasurementPeriod.parse(Objects.requireNonNull(period, "period"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Set<String> have = new HashSet<>(Arrays.asList(rows.columns()));
        for (String c : List.of("patient_id", "date")) {
            if (!have.contains(c)) {
                throw new IllegalArgumentException("column " + c + ": missing (the columns are " + new TreeSet<>(have)
                        + "; expected patient_id, date and any of " + MeasureRows.COLUMNS + ")");
            }
        }
        List<String> read = new ArrayList<>(MeasureRows.COLUMNS.stream().filter(have::contains).toList());
        if (have.contains("row_id")) {
            read.add("row_id");
        }
        Dataset<Row> text = rows.select(read.stream().map(c -> col(c).cast("string").as(c)).toArray(Column[]::new));
        String id = m.id();
        String p = period;
        Dataset<Row> out = text.groupByKey((MapFunction<Row, String>) r -> r.isNullAt(0) ? "" : r.getString(0),
                Encoders.STRING()).flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (k, rs) -> group(id, p, read, rs),
                Encoders.row(OUT));
        return new Measured(out, m.id());
    }

    private static Iterator<Row> group(String measureId, String period, List<String> columns, Iterator<Row> rows) {
        EpisodeMeasure m = EpisodeMeasure.builtIn(measureId);
        MeasurementPeriod mp = MeasurementPeriod.parse(period);
        List<Row> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        // a deterministic order: by date (and time), then by the row's text
        all.sort(Comparator.comparing((Row r) -> String.valueOf(r.get(1))).thenComparing((Row r) -> r.mkString("\u0001")));
        List<Row> out = new ArrayList<>();
        String raw = all.get(0).isNullAt(0) ? null : all.get(0).getString(0);
        MeasureRows patient;
        try {
            patient = MeasureRows.patient(raw == null ? "" : raw);
        } catch (ValidationException e) {
            all.forEach(r -> out.add(dead(raw, "-", "patient_id", e)));
            return out.iterator();
        }
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            at.put(columns.get(i), i);
        }
        int n = 0;
        for (Row r : all) {
            n++;
            Integer rid = at.get("row_id");
            String ref = rid != null && !r.isNullAt(rid) ? r.getString(rid) : r.get(1) + "#" + n;
            try {
                patient.add(c -> {
                    Integer i = at.get(c);
                    return i == null || r.isNullAt(i) ? null : r.getString(i);
                }, ref);
            } catch (ValidationException e) {
                out.add(dead(patient.patientId(), ref, e.violations().get(0).path(), e));
            }
        }
        MeasureResult res = m.evaluate(patient.build(), mp);
        Object[] v = new Object[OUT.size()];
        v[0] = "result";
        Object[] values = {m.id(), res.patientId(), res.initialPopulation(), res.denominator(), res.denominatorExclusion(),
            res.numerator(), res.index().map(a -> Date.valueOf(a.date())).orElse(null),
            res.index().map(MeasurePatient.Assessment::score).orElse(null),
            res.closing().map(a -> Date.valueOf(a.date())).orElse(null),
            res.closing().map(MeasurePatient.Assessment::score).orElse(null),
            res.ageAtIndex().isPresent() ? res.ageAtIndex().getAsInt() : null, res.stratum().orElse(null),
            res.exclusions().toArray(String[]::new), res.evidence().toArray(String[]::new), res.issues().toArray(String[]::new),
            res.reason(), Engine.VERSION};
        System.arraycopy(values, 0, v, 1, values.length);
        out.add(RowFactory.create(v));
        return out.iterator();
    }

    private static Row dead(String patient, String ref, String column, ValidationException e) {
        Object[] v = new Object[OUT.size()];
        v[0] = "dead-letter";
        int base = 1 + RESULTS.size();
        v[base] = patient;
        v[base + 1] = ref;
        v[base + 2] = column;
        v[base + 3] = "unreadable: column " + column + ", expected " + e.violations().get(0).expected();
        v[base + 4] = Engine.VERSION;
        return RowFactory.create(v);
    }

    /** The result of {@link #measure}: per patient, per stratum, and the dead letters, from one pass (persist to reuse). */
    public static final class Measured {
        private final Dataset<Row> combined;
        private final String measure;

        Measured(Dataset<Row> combined, String measure) {
            this.combined = combined;
            this.measure = measure;
        }

        /** @return this result, persisted, so that every view reads one evaluation */
        public Measured persist() {
            combined.persist();
            return this;
        }

        /** @return one row per patient ({@link #RESULTS}) */
        public Dataset<Row> results() {
            return combined.filter(col("kind").equalTo("result")).select(Arrays.stream(RESULTS.fields())
                    .map(f -> col("r_" + f.name()).as(f.name())).toArray(Column[]::new));
        }

        /** @return the rows that could not be read ({@link #DEAD_LETTERS}) */
        public Dataset<Row> deadLetters() {
            return combined.filter(col("kind").equalTo("dead-letter")).select(Arrays.stream(DEAD_LETTERS.fields())
                    .map(f -> col("d_" + f.name()).as(f.name())).toArray(Column[]::new));
        }

        /**
         * The populations of every patient and of each age stratum, counted by Spark; the rates and their Wilson
         * intervals computed on the driver from those few counts.
         *
         * @return the summary ({@link #SUMMARY}): {@code all} first, then the strata by name
         */
        public Dataset<Row> summary() {
            Dataset<Row> r = results();
            List<Row> counts = new ArrayList<>();
            counts.addAll(totals(r, "all"));
            counts.addAll(totals(r.filter(col("stratum").isNotNull()), null));
            List<Row> out = new ArrayList<>();
            for (Row c : counts) {
                long den = c.getLong(3) - c.getLong(4);
                RuleComparison.Interval w = RuleComparison.wilson(Math.toIntExact(c.getLong(5)), Math.toIntExact(den));
                out.add(RowFactory.create(measure, c.getString(0), c.getLong(1), c.getLong(2), c.getLong(3), c.getLong(4),
                        c.getLong(5), den == 0 ? null : w.estimate(), den == 0 ? null : w.low(), den == 0 ? null : w.high()));
            }
            return combined.sparkSession().createDataFrame(out, SUMMARY);
        }

        private static List<Row> totals(Dataset<Row> r, String stratum) {
            Column s = stratum == null ? col("stratum") : org.apache.spark.sql.functions.lit(stratum);
            return r.groupBy(s.as("stratum")).agg(org.apache.spark.sql.functions.count("*").as("patients"),
                    sum("initial_population"), sum("denominator"), sum("denominator_exclusion"), sum("numerator"))
                    .orderBy("stratum").collectAsList();
        }

        private static Column sum(String flag) {
            return org.apache.spark.sql.functions.sum(col(flag).cast("long")).cast("long");
        }
    }
}
