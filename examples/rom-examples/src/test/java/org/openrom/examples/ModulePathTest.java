package org.openrom.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding snippets, pasted as they stand into a fresh named module, compile and run on the module
 * path against the built jars, with the example plugin's instrument and rule discovered through {@code provides}
 * and {@code uses} (every other test runs on the class path). Needs the jars of the reactor: it runs in
 * {@code mvn verify} from the root, where they are built before this module's tests.
 */
@Tag("slow") // left out of the fast build (mvn -Dfast verify); CI runs it
class ModulePathTest {
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final List<String> MODULES = List.of("rom-core", "rom-instruments", "rom-rules", "rom-report",
            "rom-measures", "rom-io", "rom-example-plugin");

    @TempDir
    Path tmp;

    @Test
    void theReadmeSnippetsRunAsANamedModuleWithThePluginOnTheModulePath() throws Exception {
        List<String> path = new ArrayList<>();
        for (String m : MODULES) {
            Path jar = Repo.module(m).resolve("target").resolve(m + "-" + VERSION + ".jar");
            assumeThat(Files.exists(jar)).as(jar + " (built by mvn verify from the root)").isTrue();
            path.add(jar.toAbsolutePath().toString());
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("(jackson-(databind|core|annotations)|slf4j-api|slf4j-nop|encoder|fastcsv)-[0-9].*\\.jar")) {
                path.add(entry);
            }
        }
        String readme = Files.readString(Repo.ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("## Embedding: [^\\n]*\\n(?:(?!```)[\\s\\S])*```java\\n([\\s\\S]*?)```").matcher(readme);
        Set<String> imports = new LinkedHashSet<>();
        StringBuilder methods = new StringBuilder();
        int n = 0;
        while (m.find()) {
            StringBuilder body = new StringBuilder();
            for (String line : m.group(1).lines().toList()) {
                if (line.startsWith("import ")) {
                    imports.add(line);
                } else {
                    body.append("        ").append(line).append('\n');
                }
            }
            methods.append("    static void snippet").append(n++).append("() throws Exception {\n").append(body).append("    }\n\n");
        }
        assertThat(n).as("README embedding snippets").isEqualTo(4);
        Path src = tmp.resolve("src/org/openrom/readme");
        Files.createDirectories(src);
        Files.writeString(tmp.resolve("src/module-info.java"),
                "module org.openrom.readme {\n    requires org.openrom.report;\n    requires org.openrom.io;\n}\n");
        Files.writeString(src.resolve("Main.java"), "package org.openrom.readme;\n\n" + String.join("\n", imports)
                + "\nimport org.openrom.core.instrument.InstrumentRegistry;\nimport org.openrom.core.track.RuleRegistry;\n\n"
                + "public final class Main {\n" + methods
                + "    public static void main(String[] args) throws Exception {\n"
                + "        System.out.println(\"named: \" + Main.class.getModule().isNamed() + \" \""
                + " + InstrumentRegistry.class.getModule().getName());\n"
                + "        System.out.println(\"core10: \" + InstrumentRegistry.loadDefault().find(\"core10\").isPresent());\n"
                + "        System.out.println(\"slope: \" + RuleRegistry.loadDefault().provider(\"slope\").isPresent());\n"
                + "        System.out.println(\"odsis: \" + InstrumentRegistry.loadDefault().find(\"odsis\").isPresent());\n"
                + "        snippet0();\n        snippet1();\n        snippet2();\n        snippet3();\n"
                + "        System.out.println(\"done\");\n    }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = tmp.resolve("classes");
        int compiled = javac.run(null, null, null, "--module-path", String.join(File.pathSeparator, path), "-d",
                classes.toString(), tmp.resolve("src/module-info.java").toString(), src.resolve("Main.java").toString());
        assertThat(compiled).as("the README snippets compile as a named module").isZero();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", String.join(File.pathSeparator, path) + File.pathSeparator + classes,
                "-m", "org.openrom.readme/org.openrom.readme.Main"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("named: true org.openrom.core", "core10: true", "slope: true", "odsis: true",
                "ODSIS 15 is 3 points worse than baseline 12 at session 2",
                "Performance rate: 50.0%", "done");
    }
}
