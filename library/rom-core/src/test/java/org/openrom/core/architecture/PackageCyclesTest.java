package org.openrom.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * rom-core's packages form no dependency cycle, as the bytecode shows them (jdeps), except each SPI package with the
 * package it extends ({@code instrument.spi}, {@code track.spi}): a provider returns the API's types and the registry
 * loads the providers. In particular the JSON layer depends on the packages it serialises, never the reverse.
 */
class PackageCyclesTest {
    private static final Set<Set<String>> ALLOWED = Set.of(
            Set.of("org.openrom.core.instrument", "org.openrom.core.instrument.spi"),
            Set.of("org.openrom.core.track", "org.openrom.core.track.spi"));

    @Test
    void thePackagesOfRomCoreFormNoCycle() {
        StringBuilder modulePath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("(jackson-(databind|core|annotations)|slf4j-api)-[0-9].*\\.jar")) {
                modulePath.append(modulePath.length() == 0 ? "" : File.pathSeparator).append(entry);
            }
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "17", "--module-path",
                modulePath.toString(), "-verbose:package", "target/classes");
        assertThat(rc).as(out.toString()).isZero();
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith("org.openrom.core") && f[2].startsWith("org.openrom.core")
                    && !f[0].equals(f[2])) {
                edges.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
            }
        }
        assertThat(edges).as("jdeps found the package graph").containsKey("org.openrom.core.json");
        List<Set<String>> cycles = new ArrayList<>();
        for (Set<String> scc : stronglyConnected(edges)) {
            if (scc.size() > 1 && !ALLOWED.contains(scc)) {
                cycles.add(scc);
            }
        }
        assertThat(cycles).as("package cycles in rom-core").isEmpty();
        assertThat(edges.values().stream().anyMatch(t -> t.contains("org.openrom.core.json"))).as("a package depends on json")
                .isFalse();
    }

    /** Tarjan's algorithm. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        Set<String> nodes = new TreeSet<>(edges.keySet());
        edges.values().forEach(nodes::addAll);
        for (String n : nodes) {
            if (!index.containsKey(n)) {
                visit(n, edges, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void visit(String v, Map<String, Set<String>> edges, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, edges, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> scc = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            out.add(scc);
        }
    }
}
