package org.openrom.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.score.Administration;

/**
 * Snapshot figures for a large monitor (a harness, not a JMH benchmark: one snapshot of a million patients is
 * one measurement). Fills a monitor with {@code patients} patients × {@code occasions} ODSIS administrations
 * under the study rule, reliable change and persistent-NOT, writes {@code snapshot(OutputStream)} to a file,
 * restores it into a fresh monitor with {@code restore(InputStream)}, and checks that the restored monitor
 * writes the identical bytes. Prints bytes, seconds and the peak heap of each phase.
 *
 * <pre>java -Xmx2g -cp rom-benchmarks/target/benchmarks.jar org.openrom.benchmarks.SnapshotHarness 1000000 4</pre>
 */
public final class SnapshotHarness {
    private static final int[][] WEEKS = {{3, 3, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 2, 3}, {2, 2, 2, 2, 2}};

    private SnapshotHarness() {
    }

    static OutcomeMonitor monitor() {
        return OutcomeMonitor.builder().rule("deterioration-or-no-change").rule("reliable-change:sd-pre=4.2")
                .rule("persistent:k=2,rule=(deterioration-or-no-change)").build();
    }

    /**
     * @param args patients (default 1,000,000), occasions per patient (default 4)
     * @throws IOException when the temporary file cannot be written
     */
    public static void main(String[] args) throws IOException {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int occasions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        OutcomeMonitor m = monitor();
        long t0 = System.nanoTime();
        for (int p = 0; p < patients; p++) {
            String id = "p" + p;
            for (int o = 0; o < occasions; o++) {
                m.record(Administration.builder(id, "odsis", o).answers("q", WEEKS[(p + o) & 3]).build());
            }
        }
        double fill = seconds(t0);
        System.gc();
        long stateHeap = usedHeap();
        Path file = Files.createTempFile("openrom-snapshot", ".jsonl");
        try {
            resetPeaks();
            long t1 = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                m.snapshot(out);
            }
            double write = seconds(t1);
            long writePeak = peakHeap();
            long bytes = Files.size(file);
            m = null;
            System.gc();
            OutcomeMonitor restored = monitor();
            resetPeaks();
            long t2 = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                restored.restore(in);
            }
            double read = seconds(t2);
            long readPeak = peakHeap();
            Path again = Files.createTempFile("openrom-snapshot", ".jsonl");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(again), 1 << 16)) {
                    restored.snapshot(out);
                }
                boolean identical = Files.mismatch(file, again) == -1;
                System.out.printf(Locale.ROOT, "patients %,d × %d occasions (filled in %.1f s); state %.0f MiB of heap; "
                        + "max heap %.0f MiB%n", patients, occasions, fill, mib(stateHeap),
                        mib(Runtime.getRuntime().maxMemory()));
                System.out.printf(Locale.ROOT, "snapshot(OutputStream): %,d bytes (%.0f bytes/patient) in %.2f s, "
                        + "peak heap %.0f MiB%n", bytes, (double) bytes / patients, write, mib(writePeak));
                System.out.printf(Locale.ROOT, "restore(InputStream): %.2f s (%.0f patients/s), peak heap %.0f MiB; "
                        + "restored %,d patients; re-snapshot identical: %s%n", read, patients / read, mib(readPeak),
                        restored.patientCount(), identical);
                if (!identical || restored.patientCount() != patients) {
                    throw new IllegalStateException("restore(snapshot()) did not reproduce the state");
                }
            } finally {
                Files.deleteIfExists(again);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
