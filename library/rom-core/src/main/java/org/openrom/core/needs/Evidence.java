package org.openrom.core.needs;

import java.util.Objects;

/**
 * One piece of ROM evidence that raised a need.
 *
 * @param rule the evidence rule id (or {@code clinician-tag} for a tagged comment)
 * @param kind {@code scale}, {@code item}, {@code change}, {@code status}, {@code flag} or {@code tag}
 * @param reference what was read: a scale id ({@code gq12.pb}), an item ({@code life-events.finances}), a
 *     rule id or a flag
 * @param occasion the occasion of the administration read, or −1 when the evidence is not tied to one
 * @param value the value read, as displayed (empty when there is none)
 * @param sentence a plain-language sentence for the clinician (English)
 * @param args the values the sentence is made of, by name, so that a renderer can say it in another language
 *     (a template per kind); may be empty
 */
public record Evidence(String rule, String kind, String reference, int occasion, String value, String sentence,
        java.util.SortedMap<String, String> args) {
    /** Validates non-null fields and copies the arguments. */
    public Evidence {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(sentence, "sentence");
        args = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(Objects.requireNonNull(args, "args")));
    }

    /**
     * Evidence without arguments: renderers show its sentence as it is.
     *
     * @param rule the evidence rule id
     * @param kind the kind
     * @param reference what was read
     * @param occasion the occasion, or −1
     * @param value the value read
     * @param sentence the sentence
     */
    public Evidence(String rule, String kind, String reference, int occasion, String value, String sentence) {
        this(rule, kind, reference, occasion, value, sentence, new java.util.TreeMap<>());
    }
}
