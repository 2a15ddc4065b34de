package org.openrom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md's module table is the dependency rule: every module is in it, every OpenROM dependency a module's
 * main code declares is allowed there, and none points further out than the module's role unless the table names it
 * a deviation.
 */
class ModuleRulesTest {
    static final List<String> ROLES = List.of("library", "integration", "app", "example", "benchmark", "test");
    static final Pattern ROW = Pattern.compile("^\\| `(rom-[a-z0-9-]+)` \\| ([a-z]+) \\| `([a-z]+)/` \\| (.*) \\|$");
    static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

    record Rule(String role, String folder, String allowed) {
    }

    static Map<String, Rule> table() throws IOException {
        Map<String, Rule> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Repo.ROOT.resolve("ARCHITECTURE.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), new Rule(m.group(2), m.group(3), m.group(4)));
            }
        }
        return out;
    }

    /** The OpenROM modules a pom's main code depends on (compile, provided, runtime), with the entry's text. */
    static Map<String, String> mainDependencies(Path pom) throws IOException {
        String text = Files.readString(pom);
        int start = text.indexOf("<dependencies>");
        if (start < 0 || text.indexOf("<dependencyManagement>") >= 0 && text.indexOf("<dependencyManagement>") < start) {
            start = text.lastIndexOf("<dependencies>");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (start < 0) {
            return out;
        }
        Matcher m = DEPENDENCY.matcher(text.substring(start, text.indexOf("</dependencies>", start)));
        while (m.find()) {
            String d = m.group(1);
            if (!d.contains("<groupId>org.openrom</groupId>") || d.contains("<scope>test</scope>")) {
                continue;
            }
            Matcher a = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(d);
            if (a.find()) {
                out.put(a.group(1), d);
            }
        }
        return out;
    }

    @Test
    void everyModuleDependsOnlyOnWhatArchitectureMdAllows() throws IOException {
        Map<String, Rule> table = table();
        assertThat(table).hasSizeGreaterThanOrEqualTo(16);
        TreeSet<String> modules = new TreeSet<>(Repo.modules().keySet());
        modules.remove("rom-bom"); // a bill of materials, not code
        assertThat(table.keySet()).as("ARCHITECTURE.md lists every module").containsExactlyInAnyOrderElementsOf(modules);
        List<String> broken = new ArrayList<>();
        for (String module : modules) {
            Rule rule = table.get(module);
            assertThat(ROLES).as(module + "'s role").contains(rule.role());
            assertThat(Repo.module(module).getParent().getFileName().toString()).as(module + "'s folder")
                    .isEqualTo(rule.folder());
            for (String dep : mainDependencies(Repo.module(module).resolve("pom.xml")).keySet()) {
                Rule target = table.get(dep);
                String entry = allowedEntry(rule.allowed(), dep);
                if (entry == null) {
                    broken.add(module + " -> " + dep + ": not allowed by ARCHITECTURE.md");
                } else if (target != null && ROLES.indexOf(target.role()) > ROLES.indexOf(rule.role())
                        && !entry.contains("deviation")) {
                    broken.add(module + " (" + rule.role() + ") -> " + dep + " (" + target.role() + "): points outwards");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** The table's entry that allows {@code dep} (its name and any remark after it), or null. */
    static String allowedEntry(String allowed, String dep) {
        for (String part : allowed.split(", (?=`)")) {
            if (part.startsWith("`" + dep + "`")) {
                return part;
            }
        }
        return null;
    }

    @Test
    void theRuleCatchesADependencyTheTableDoesNotAllow() {
        assertThat(allowedEntry("`rom-core`, `rom-fhir`", "rom-cli")).isNull();
        assertThat(allowedEntry("`rom-core`, `rom-cli` (provided; deviation: the plugin)", "rom-cli")).contains("deviation");
        assertThat(ROW.matcher("| `rom-io` | library | `library/` | `rom-core` |").matches()).isTrue();
    }
}
