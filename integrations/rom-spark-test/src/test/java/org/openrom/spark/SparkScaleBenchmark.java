package org.openrom.spark;

import static org.apache.spark.sql.functions.col;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The scale benchmark of benchmarks.md (a harness, not a test: surefire's includes do not match it). Run with
 * {@code mvn -pl rom-spark-test test -Dtest=SparkScaleBenchmark -Dopenrom.spark.bench.sizes=100000,300000,1000000}.
 * For each size it writes a score-level cohort (ODSIS, 15 occasions per patient) as Parquet and as CSV (the CSV for
 * {@code rom track} on the same data), then times a read of the Parquet, a read and shuffle by patient, and the whole
 * {@link RomSpark#track} to Parquet, in {@code local[2]}, and prints rows per second and the JVM's peak memory.
 */
class SparkScaleBenchmark {
    @Test
    void scale() throws Exception {
        String sizes = System.getProperty("openrom.spark.bench.sizes", "100000");
        Path dir = Path.of(System.getProperty("openrom.spark.bench.dir", "target/spark-bench"));
        Files.createDirectories(dir);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("rom-spark-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "16").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        StringBuilder report = new StringBuilder();
        for (String s : sizes.split(",")) {
            long n = Long.parseLong(s.trim());
            Dataset<Row> rows = spark.range(n).flatMap((FlatMapFunction<Long, Row>) r -> cohortRows(r),
                    Encoders.row(RomSpark.SCORES));
            String parquet = dir.resolve("scores-" + n + ".parquet").toString();
            rows.write().mode("overwrite").parquet(parquet);
            spark.read().parquet(parquet).select("patient_id", "occasion", "scale", "score").coalesce(1).write()
                    .mode("overwrite").option("header", "true").csv(dir.resolve("scores-" + n + ".csv").toString());
            long total = spark.read().parquet(parquet).count();
            long t0 = System.nanoTime();
            spark.read().parquet(parquet).select(col("score")).groupBy().sum("score").collectAsList();
            double read = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            spark.read().parquet(parquet).groupBy("patient_id").count().write().mode("overwrite").format("noop").save();
            double shuffle = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            RomSpark.track(spark.read().parquet(parquet), List.of("deterioration-or-no-change")).assessments().write()
                    .mode("overwrite").parquet(dir.resolve("out-" + n + ".parquet").toString());
            double track = (System.nanoTime() - t0) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                peak += p.getPeakUsage() == null ? 0 : p.getPeakUsage().getUsed();
            }
            String line = String.format(java.util.Locale.ROOT, "patients %,d, rows %,d: read %.1f s, read + shuffle by "
                    + "patient %.1f s, track to Parquet %.1f s (%,.0f rows/s); JVM peak pool use %,d MB, VmHWM %s%n", n,
                    total, read, shuffle, track, total / track, peak >> 20, vmHwm());
            System.out.print(line);
            report.append(line);
        }
        Files.writeString(dir.resolve("report.txt"), report);
        spark.stop();
    }

    /** 15 occasions of one patient: a baseline 8–18 and a random walk, as rom generate's scale gives. */
    static Iterator<Row> cohortRows(long patient) {
        Random rnd = new Random(patient * 0x9E3779B97F4A7C15L + 1);
        List<Row> out = new ArrayList<>(15);
        double x = 8 + rnd.nextInt(11);
        String id = String.format("p%07d", patient);
        for (int occ = 0; occ < 15; occ++) {
            out.add(RowFactory.create(id, "", "odsis.total", occ, Math.max(0, Math.min(20, Math.rint(x)))));
            x += rnd.nextGaussian() * 1.5 - 0.3;
        }
        return out.iterator();
    }

    private static String vmHwm() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return l.substring(6).trim();
                }
            }
        } catch (java.io.IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
