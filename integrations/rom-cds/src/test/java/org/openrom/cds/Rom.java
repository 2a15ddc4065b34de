package org.openrom.cds;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.openrom.cli.RomCli;

/** Runs the rom command in-process, with this module's plugin on the class path. */
final class Rom {
    private Rom() {
    }

    /** @return exit code, stdout, stderr */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RomCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
