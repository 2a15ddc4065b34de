package org.openrom.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor the command line is measured against: a bare JVM pass over a file, line by line (UTF-8 decoded, as any
 * reader of the file must), counting lines and characters and nothing else. Run as a process of its own, so that its
 * figure includes the JVM's start-up as the command's does. Usage: {@code java -cp benchmarks.jar
 * org.openrom.benchmarks.LineScan FILE}.
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
        long chars = 0;
        try (BufferedReader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            for (String l; (l = r.readLine()) != null;) {
                lines++;
                chars += l.length();
            }
        }
        System.out.println(lines + " lines, " + chars + " characters");
    }
}
