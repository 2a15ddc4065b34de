package org.openrom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openrom.core.tck.NullSweep;

/**
 * The exported API of every library module and of rom-fhir (an automatic module: all its packages), as public
 * signatures, against the baseline committed in {@code api/}:
 * a change to the API fails this test until the baseline is regenerated on purpose, so it shows in review.
 * Regenerate with {@code OPENROM_API_UPDATE=1 mvn -B verify} (and say in the commit why the API changed).
 */
class ApiBaselineTest {
    private static final List<String> MODULES = List.of("rom-core", "rom-instruments", "rom-rules", "rom-report", "rom-io",
            "rom-fhir");

    @Test
    void theExportedApiEqualsTheBaseline() throws IOException {
        boolean update = "1".equals(System.getenv("OPENROM_API_UPDATE"));
        List<String> changed = new ArrayList<>();
        for (String module : MODULES) {
            Path classes = Path.of("..", module, "target", "classes");
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
            String api = signatures(NullSweep.classesIn(classes, packages.toArray(new String[0])));
            Path baseline = Path.of("..", "api", module + ".api");
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

    static String signatures(List<Class<?>> classes) {
        TreeSet<String> lines = new TreeSet<>();
        for (Class<?> c : classes) {
            if (!Modifier.isPublic(c.getModifiers()) || !visible(c)) {
                continue;
            }
            String type = c.getName();
            lines.add(type + " : " + c.toGenericString()
                    + (c.getSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()
                            ? " extends " + c.getGenericSuperclass().getTypeName() : "")
                    + (c.getGenericInterfaces().length > 0 ? " implements " + String.join(", ",
                            java.util.Arrays.stream(c.getGenericInterfaces()).map(t -> t.getTypeName()).toList()) : ""));
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                add(lines, type, k, k.toGenericString());
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge()) {
                    add(lines, type, m, m.toGenericString());
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (!f.isSynthetic()) {
                    add(lines, type, f, f.toGenericString());
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static boolean visible(Class<?> c) {
        for (Class<?> o = c; o != null; o = o.getEnclosingClass()) {
            if (!Modifier.isPublic(o.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static void add(TreeSet<String> lines, String type, Member m, String signature) {
        int mod = m.getModifiers();
        if (Modifier.isPublic(mod) || Modifier.isProtected(mod) && !Modifier.isFinal(m.getDeclaringClass().getModifiers())) {
            lines.add(type + " : " + signature);
        }
    }
}
