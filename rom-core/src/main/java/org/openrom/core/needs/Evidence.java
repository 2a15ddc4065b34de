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
 * @param sentence a plain-language sentence for the clinician
 */
public record Evidence(String rule, String kind, String reference, int occasion, String value, String sentence) {
    /** Validates non-null fields. */
    public Evidence {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(sentence, "sentence");
    }
}
