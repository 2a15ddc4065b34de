package org.openrom.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The floor the command line is measured against, as benchmarks.md has defined it since the first cohort reader: a
 * bare JVM pass over a CSV file, line by line ({@code BufferedReader.readLine}, UTF-8 decoded), each line split at its
 * commas and its {@code value} (item level) or {@code score} (score level) parsed as a number, summed so that nothing
 * is optimised away. Nothing is validated, scored or written. Run as a process of its own, so that its figure includes
 * the JVM's start-up as the command's does. Usage: {@code java -cp benchmarks.jar org.openrom.benchmarks.LineScan FILE}.
 */
public final class LineScan {
    private LineScan() {
    }

    /**
     * @param args the file
     * @throws IOException when it cannot be read
     */
    public static void main(String[] args) throws IOException {
        long lines = 0;
        double sum = 0;
        try (BufferedReader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String[] header = r.readLine().split(",", -1);
            int value = Arrays.asList(header).indexOf("value");
            value = value >= 0 ? value : Arrays.asList(header).indexOf("score");
            for (String l; (l = r.readLine()) != null;) {
                lines++;
                String[] f = l.split(",", -1);
                if (value >= 0 && value < f.length && !f[value].isEmpty()) {
                    sum += Double.parseDouble(f[value]);
                }
            }
        }
        System.out.println(lines + " rows, values summing to " + sum);
    }
}
