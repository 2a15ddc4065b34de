package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openrom.tck.NullSweep;

/** No public method of the command line's SPI, nor its embedding entry point, answers a null with an anonymous NPE. */
class NullSweepTest {
    @Test
    void everyNullArgumentIsNamed() {
        NullSweep.Result r = new NullSweep()
                .sample(PrintWriter.class, () -> new PrintWriter(new StringWriter()))
                .sample(String[].class, () -> new String[] {"--version"})
                .sample(Path.class, () -> Path.of("target", "null-sweep-out.txt"))
                .sweep(NullSweep.classesIn(Path.of("target/classes"), "org.openrom.cli.spi"));
        assertThat(r.anonymousNulls()).isEmpty();
        // RomCli.main exits the JVM, so run, the entry point an embedder calls, is probed by hand
        for (int i = 0; i < 3; i++) {
            Object[] args = {new String[] {"--version"}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())};
            args[i] = null;
            String[] names = {"args", "out", "err"};
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RomCli.run((String[]) args[0], (PrintWriter) args[1],
                    (PrintWriter) args[2])).isInstanceOf(NullPointerException.class).hasMessage(names[i]);
        }
    }
}
