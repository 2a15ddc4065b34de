package org.openrom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The exported API of every library module and of rom-fhir (an automatic module: all its packages), as public
 * signatures, against the baseline committed in {@code api/}:
 * a change to the API fails this test until the baseline is regenerated on purpose, so it shows in review.
 * Regenerate with {@code OPENROM_API_UPDATE=1 mvn -B verify} (and say in the commit why the API changed).
 */
class ApiBaselineTest {
    /** Every published module with an API: the library, the integrations, and the command line's plugin surface. */
    private static final List<String> MODULES = List.of("rom-core", "rom-instruments", "rom-rules", "rom-report", "rom-io",
            "rom-measures", "rom-fhir", "rom-cds", "rom-spark-api", "rom-cli", "rom-tck");

    @Test
    void theExportedApiEqualsTheBaseline() throws IOException {
        boolean update = "1".equals(System.getenv("OPENROM_API_UPDATE"));
        List<String> changed = new ArrayList<>();
        for (String module : MODULES) {
            Path classes = Repo.module(module).resolve("target").resolve("classes");
            if (!Files.isDirectory(classes) && System.getProperty("fast") != null) {
                System.err.println("API of " + module + " not checked: the fast build does not build it");
                continue;
            }
            if (!Files.isDirectory(classes)) {
                changed.add(module + " is not built (" + classes.normalize() + "): run the build from the repository root");
                continue;
            }
            TreeSet<String> packages = new TreeSet<>();
            if (Files.exists(classes.resolve("module-info.class"))) {
                ModuleDescriptor d = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
                d.exports().stream().filter(e -> !e.isQualified()).forEach(e -> packages.add(e.source()));
            } else {
                // an automatic module (rom-fhir): every package it holds is its API
                try (var files = Files.walk(classes)) {
                    files.filter(f -> f.toString().endsWith(".class")).forEach(f -> packages.add(classes.relativize(
                            f.getParent()).toString().replace(java.io.File.separatorChar, '.')));
                }
            }
            String api = signatures(classes, packages);
            Path baseline = Repo.ROOT.resolve("api").resolve(module + ".api");
            if (update) {
                Files.createDirectories(baseline.getParent());
                Files.writeString(baseline, api, StandardCharsets.UTF_8);
            } else if (!Files.exists(baseline) || !Files.readString(baseline, StandardCharsets.UTF_8).equals(api)) {
                changed.add(module + " (" + baseline.normalize() + ")");
            }
        }
        assertThat(changed).as("exported API changed; review, then regenerate with OPENROM_API_UPDATE=1 mvn -B verify")
                .isEmpty();
    }

    /**
     * The public and protected signatures of the public types in {@code packages}, read from the class files by the
     * JDK's {@code javap} (no class is loaded, so a module's dependencies, Spark's or HAPI's, need not be on the test
     * class path). A nested type counts only when every type around it is public.
     */
    static String signatures(Path classes, TreeSet<String> packages) throws IOException {
        List<String> args = new ArrayList<>(List.of("-protected", "-cp", classes.toString()));
        for (String p : packages) {
            try (var files = Files.list(classes.resolve(p.replace('.', '/')))) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".class") && !f.equals("package-info.class") && !f.equals("module-info.class"))
                        .sorted().forEach(f -> args.add(p + "." + f.substring(0, f.length() - ".class".length())));
            }
        }
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.PrintWriter pw = new java.io.PrintWriter(out);
        int code = java.util.spi.ToolProvider.findFirst("javap").orElseThrow().run(pw, pw, args.toArray(new String[0]));
        pw.flush();
        assertThat(code).as("javap: " + out).isZero();
        java.util.TreeMap<String, String> blocks = new java.util.TreeMap<>();
        java.util.Map<String, Boolean> isPublic = new java.util.HashMap<>();
        for (String block : out.toString().split("(?m)^Compiled from \"[^\"]*\"\n")) {
            if (block.isBlank()) {
                continue;
            }
            String header = block.lines().findFirst().orElseThrow();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(?:class|interface|enum|record) ([\\w.$]+)").matcher(header.replace("@interface", "interface"));
            assertThat(m.find()).as(header).isTrue();
            blocks.put(m.group(1), block.strip());
            isPublic.put(m.group(1), header.startsWith("public "));
        }
        StringBuilder api = new StringBuilder();
        for (var e : blocks.entrySet()) {
            boolean visible = true;
            for (String name = e.getKey(); visible; name = name.substring(0, name.lastIndexOf('$'))) {
                visible = isPublic.getOrDefault(name, false);
                if (name.indexOf('$') < 0) {
                    break;
                }
            }
            if (visible && !e.getKey().matches(".*\\$\\d+.*")) {
                api.append(e.getValue()).append("\n");
            }
        }
        return api.toString();
    }
}
