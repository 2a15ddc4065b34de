package org.openrom.benchmarks;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.io.CohortInput;
import org.openrom.io.CohortWriter;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.SyntheticCohort;

/**
 * Reading an item-level cohort, on one thread ({@code readAhead(false)}), against the bare pass the issue set as
 * the yardstick (read lines, split on commas, parse one number) and the two CSV tokenisers measured for the
 * choice. A generated cohort of 2,000 patients (about 676,000 rows, 22 MB) is written once to a temporary file
 * and read from the page cache. Each operation reads the whole file: rows/s = rows ÷ time per operation.
 *
 * <ul>
 * <li>{@code bareSplit}: the yardstick;</li>
 * <li>{@code commonsCsv}, {@code fastCsvCallback}: tokenising only;</li>
 * <li>{@code administrations}: {@link CohortInput#forEachAdministration}, every row tokenised, validated and
 * grouped into validated administrations ("parsing alone", target ≥ 3 M rows/s);</li>
 * <li>{@code histories}: {@link CohortInput#forEachPatient}, the same and every administration scored into
 * histories.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CohortReadBenchmark {
    Path file;
    long rows;
    InstrumentRegistry registry;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        registry = InstrumentRegistry.loadDefault();
        file = Files.createTempFile("openrom-cohort-bench", ".csv");
        try (CohortWriter w = CohortWriter.open(Files.newBufferedWriter(file), CohortInput.Format.TIDY)) {
            SyntheticCohort.generate(CohortModel.forPatients(2000, 1)).administrations().forEach(w::write);
        }
        try (BufferedReader r = Files.newBufferedReader(file)) {
            rows = r.lines().count() - 1;
        }
        System.out.println("\n" + rows + " rows, " + Files.size(file) + " bytes");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long bareSplit() throws IOException {
        long sum = 0;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            r.readLine();
            for (String line; (line = r.readLine()) != null;) {
                String[] f = line.split(",");
                if (!f[4].isEmpty()) {
                    sum += Integer.parseInt(f[4]);
                }
            }
        }
        return sum;
    }

    @Benchmark
    public long commonsCsv() throws IOException {
        long sum = 0;
        try (Reader r = Files.newBufferedReader(file);
                CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            for (CSVRecord rec : p) {
                sum += rec.get(4).length();
            }
        }
        return sum;
    }

    @Benchmark
    public long fastCsvCallback() throws IOException {
        long[] sum = {0};
        AbstractBaseCsvCallbackHandler<Object> h = new AbstractBaseCsvCallbackHandler<>() {
            @Override
            protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
                if (fieldIdx == 4) {
                    sum[0] += len;
                }
            }

            @Override
            protected Object buildRecord() {
                return this;
            }
        };
        try (Reader r = Files.newBufferedReader(file); CsvReader<Object> csv = CsvReader.builder().build(h, r)) {
            for (Object ignored : csv) {
                sum[0]++;
            }
        }
        return sum[0];
    }

    private CohortInput open() throws IOException {
        return CohortInput.open(file, null, registry, Direction.LOWER_IS_BETTER, new PrintWriter(Writer.nullWriter()))
                .sortedByPatient().readAhead(false);
    }

    @Benchmark
    public long administrations() throws IOException {
        long[] n = {0};
        open().forEachAdministration(a -> n[0] += a.answers().size());
        return n[0];
    }

    @Benchmark
    public long histories() throws IOException {
        long[] n = {0};
        open().forEachPatient(h -> n[0] += h.administrations().size());
        return n[0];
    }
}
