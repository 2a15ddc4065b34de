package org.openrom.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasureResult;
import org.openrom.measures.MeasureRows;
import org.openrom.measures.MeasureSummary;
import org.openrom.measures.MeasurementPeriod;

/** The quality measures on Spark equal the library's, patient by patient, and bad rows are dead letters. */
class RomSparkMeasuresTest {
    static SparkSession spark;
    static final List<String> COLUMNS = List.of("patient_id", "date", "birth_date", "score", "visit", "depression",
            "hospice", "died");

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("rom-spark-measures").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8").config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Random patients around 2025: one row per day of contact, as a registry exports them. */
    static List<String[]> rows(int patients, long seed) {
        Random r = new Random(seed);
        List<String[]> out = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            String id = "p" + p;
            LocalDate visit = LocalDate.of(2023, 10, 1).plusDays(r.nextInt(420));
            String birth = LocalDate.of(1950 + r.nextInt(62), 1 + r.nextInt(12), 1 + r.nextInt(28)).toString();
            out.add(new String[] {id, visit.minusDays(r.nextInt(9)).toString(), birth, String.valueOf(5 + r.nextInt(20)), "0",
                "0", "0", "0"});
            out.add(new String[] {id, visit.toString(), "", "", "1", r.nextInt(6) > 0 ? "1" : "0", "0", "0"});
            for (int k = 0; k < r.nextInt(4); k++) {
                LocalDate d = visit.plusMonths(12).plusDays(r.nextInt(150) - 75);
                out.add(new String[] {id, d.toString(), "", String.valueOf(r.nextInt(28)), "0", "0",
                    r.nextInt(40) == 0 ? "1" : "0", r.nextInt(60) == 0 ? "1" : "0"});
            }
        }
        return out;
    }

    static Dataset<Row> frame(List<String[]> rows) {
        StructType s = new StructType(COLUMNS.stream().map(c -> DataTypes.createStructField(c, DataTypes.StringType, true))
                .toArray(StructField[]::new));
        List<Row> rs = rows.stream().map(a -> RowFactory.create((Object[]) a)).toList();
        return spark.createDataFrame(rs, s);
    }

    @Test
    void everyPatientIsInTheSamePopulationsAsTheLibraryPutsThem() {
        List<String[]> rows = rows(2_000, 7);
        MeasurementPeriod mp = MeasurementPeriod.year(2025);
        // the library: the same rows through MeasureRows, in the order Spark reads them (by date, then text)
        Map<String, List<String[]>> byPatient = new LinkedHashMap<>();
        rows.forEach(r -> byPatient.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r));
        Map<String, String> expected = new HashMap<>();
        MeasureSummary summary = new MeasureSummary(EpisodeMeasure.CMS159, mp);
        for (var e : byPatient.entrySet()) {
            MeasureRows p = MeasureRows.patient(e.getKey());
            e.getValue().stream().sorted(java.util.Comparator.comparing((String[] a) -> a[1])
                    .thenComparing(a -> String.join("\u0001", a))).forEach(a -> {
                Map<String, String> cell = new HashMap<>();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    cell.put(COLUMNS.get(i), a[i]);
                }
                p.add(cell::get, a[1]);
            });
            MeasureResult res = EpisodeMeasure.CMS159.evaluate(p.build(), mp);
            summary.add(res);
            expected.put(e.getKey(), res.initialPopulation() + "/" + res.denominatorExclusion() + "/" + res.numerator()
                    + "/" + res.stratum().orElse(null));
        }
        RomSparkMeasures.Measured m = RomSparkMeasures.measure(frame(rows), "cms159", "2025").persist();
        Map<String, String> actual = new HashMap<>();
        for (Row r : m.results().collectAsList()) {
            actual.put(r.getString(1), r.getBoolean(2) + "/" + r.getBoolean(4) + "/" + r.getBoolean(5) + "/"
                    + r.getString(11));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(m.deadLetters().count()).isZero();
        Row all = m.summary().collectAsList().get(0);
        MeasureSummary.Counts c = summary.total();
        assertThat(all.getString(1)).isEqualTo("all");
        assertThat(List.of(all.getLong(2), all.getLong(3), all.getLong(5), all.getLong(6)))
                .isEqualTo(List.of(c.patients(), c.initialPopulation(), c.exclusions(), c.numerator()));
        assertThat(all.getDouble(7)).isEqualTo(c.rate().estimate());
        assertThat(c.initialPopulation()).isGreaterThan(200);
    }

    @Test
    void aBadRowIsADeadLetterAndThePatientsOtherRowsCount() {
        List<String[]> rows = new ArrayList<>(List.of(
                new String[] {"p1", "2024-03-01", "1980-01-01", "15", "1", "1", "0", "0"},
                new String[] {"p1", "2025-03-01", "", "3", "0", "0", "0", "0"},
                new String[] {"p1", "2025-03-02", "", "three", "0", "0", "0", "0"}));
        RomSparkMeasures.Measured m = RomSparkMeasures.measure(frame(rows), "cms159", "2025-01-01..2025-12-31");
        List<Row> dead = m.deadLetters().collectAsList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getString(2)).isEqualTo("score");
        assertThat(dead.get(0).getString(3)).isEqualTo("unreadable: column score, expected a PHQ-9 total such as 12 "
                + "(empty: no score that day)").doesNotContain("three");
        assertThat(m.results().collectAsList().get(0).getBoolean(5)).isTrue();
        assertThatThrownBy(() -> RomSparkMeasures.measure(frame(rows).drop("date"), "cms159", "2025"))
                .hasMessageContaining("column date: missing");
        assertThatThrownBy(() -> RomSparkMeasures.measure(frame(rows), "cms2", "2025")).hasMessageContaining("cms159");
    }
}
