package org.openrom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The house's size rules, read from the main sources with the JDK's own parser: no main source file over
 * {@value #MAX_FILE_LINES} lines and no method or constructor over {@value #MAX_METHOD_LINES} lines (from its first
 * modifier to its closing brace). {@link #KNOWN} lists what was over the limits when the rules were written down; it
 * may only shrink: a new violation fails, and so does an entry that no longer violates (delete it).
 */
class SizeRulesTest {
    static final int MAX_FILE_LINES = 600;
    static final int MAX_METHOD_LINES = 80;

    /** Violations that predate the rules (issue 27), each to be split; the list may only shrink (it is empty). */
    static final Set<String> KNOWN = Set.of();

    @Test
    void noMainFileOrMethodIsLargerThanTheRulesAllow() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.ROOT)) {
            files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.toString().contains("/target/") && !f.toString().contains("/node_modules/")).forEach(sources::add);
        }
        assertThat(sources).as("main sources found below " + Repo.ROOT.toAbsolutePath().normalize()).hasSizeGreaterThan(100);
        TreeSet<String> found = new TreeSet<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) javac.getTask(null, fm, null, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                String file = Repo.ROOT.toAbsolutePath().normalize().relativize(Path.of(unit.getSourceFile().toUri()))
                        .toString();
                long lines = unit.getLineMap().getLineNumber(unit.getSourceFile().getCharContent(true).length() - 1);
                if (lines > MAX_FILE_LINES) {
                    found.add(file + " has " + lines + " lines");
                }
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree method, Void unused) {
                        long start = positions.getStartPosition(unit, method);
                        long end = positions.getEndPosition(unit, method);
                        long n = unit.getLineMap().getLineNumber(end) - unit.getLineMap().getLineNumber(start) + 1;
                        if (n > MAX_METHOD_LINES && method.getBody() != null) {
                            found.add(file + " " + enclosing() + "." + method.getName() + " has " + n + " lines");
                        }
                        return super.visitMethod(method, unused);
                    }

                    private String enclosing() {
                        for (var p = getCurrentPath(); p != null; p = p.getParentPath()) {
                            if (p.getLeaf().getKind() == Tree.Kind.CLASS || p.getLeaf().getKind() == Tree.Kind.RECORD
                                    || p.getLeaf().getKind() == Tree.Kind.ENUM || p.getLeaf().getKind() == Tree.Kind.INTERFACE) {
                                return ((com.sun.source.tree.ClassTree) p.getLeaf()).getSimpleName().toString();
                            }
                        }
                        return "?";
                    }
                }.scan(unit, null);
            }
        }
        List<String> fresh = found.stream().filter(f -> KNOWN.stream().noneMatch(k -> f.startsWith(k + " has "))).toList();
        List<String> gone = KNOWN.stream().filter(k -> found.stream().noneMatch(f -> f.startsWith(k + " has "))).sorted().toList();
        assertThat(fresh).as("over the size rules (split it; see ARCHITECTURE.md)").isEmpty();
        assertThat(gone).as("no longer over the size rules: delete from SizeRulesTest.KNOWN").isEmpty();
    }
}
