package org.openrom.core.track;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;

/**
 * One structured reason behind an assessment: a stable code, an English sentence, and the sentence's arguments,
 * so that a renderer can say the same in another language (a template per code, filled from the arguments) and
 * fall back to the sentence where it has none.
 *
 * @param code a stable machine-readable code, e.g. {@code deterioration}, {@code no-change}, {@code baseline}
 * @param sentence a plain-language sentence for clinicians, e.g.
 *     "ODSIS 15 is 3 points worse than baseline 12 at session 4"
 * @param args the values the sentence is made of, by name (e.g. {@code scale=ODSIS, score=15, points=3,
 *     baseline=12, session=4}); may be empty
 */
public record Finding(String code, String sentence, SortedMap<String, String> args) {
    /** Validates the fields and copies the arguments. */
    public Finding {
        Checks.id("finding", "code", code);
        Checks.nonBlank("finding", "sentence", sentence);
        Objects.requireNonNull(args, "args");
        TreeMap<String, String> copy = new TreeMap<>();
        args.forEach((k, v) -> copy.put(Checks.id("finding", "args", k), Objects.requireNonNull(v, "args." + k)));
        args = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * A finding without arguments: renderers show its sentence as it is.
     *
     * @param code the code
     * @param sentence the sentence
     */
    public Finding(String code, String sentence) {
        this(code, sentence, new TreeMap<>());
    }

    /**
     * @param code the code
     * @param sentence the sentence
     * @param args the sentence's arguments, by name
     * @return the finding
     */
    public static Finding of(String code, String sentence, Map<String, String> args) {
        return new Finding(code, sentence, new TreeMap<>(Objects.requireNonNull(args, "args")));
    }
}
