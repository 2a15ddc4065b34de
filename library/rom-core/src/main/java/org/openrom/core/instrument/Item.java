package org.openrom.core.instrument;

import java.util.Objects;
import java.util.Optional;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;

/**
 * One question of an instrument.
 *
 * @param id the item id, unique within its instrument (e.g. {@code q1}, {@code pb2})
 * @param topic a short topic, never the copyrighted wording (e.g. "depression frequency")
 * @param type ordinal (scored) or free text
 * @param responseScale the accepted answers; present exactly for ordinal items
 * @param reversed whether the answer is reverse-keyed before scoring ({@code max + min − value})
 * @param required whether an administration without this item is rejected (instead of being
 *     handled by the missing-data policy)
 * @param text the item wording, only for instruments whose wording is free (PHQ-9, GAD-7, WHO-5)
 */
public record Item(String id, String topic, ItemType type, Optional<ResponseScale> responseScale,
        boolean reversed, boolean required, Optional<String> text) {

    /** Validates the combination of type, scale and reversal. */
    public Item {
        Checks.id("item", "id", id);
        Checks.nonBlank("item " + id, "topic", topic);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(responseScale, "responseScale");
        Objects.requireNonNull(text, "text");
        if (type == ItemType.ORDINAL && responseScale.isEmpty()) {
            throw new ValidationException("item " + id, "responseScale", "absent", "a response scale for an ordinal item");
        }
        if (type == ItemType.TEXT && (responseScale.isPresent() || reversed)) {
            throw new ValidationException("item " + id, "responseScale", "present",
                    "no response scale and no reversal for a text item");
        }
    }

    /**
     * @param id the item id
     * @param topic a short topic
     * @param min the smallest answer
     * @param max the largest answer
     * @return an optional, not reversed ordinal item
     */
    public static Item ordinal(String id, String topic, int min, int max) {
        return new Item(id, topic, ItemType.ORDINAL, Optional.of(ResponseScale.of(min, max)), false, false,
                Optional.empty());
    }

    /**
     * @param id the item id
     * @param topic a short topic
     * @return an optional free-text item
     */
    public static Item text(String id, String topic) {
        return new Item(id, topic, ItemType.TEXT, Optional.empty(), false, false, Optional.empty());
    }

    /** @return a copy that is reverse-keyed */
    public Item asReversed() {
        return new Item(id, topic, type, responseScale, true, required, text);
    }

    /** @return a copy that must be answered */
    public Item asRequired() {
        return new Item(id, topic, type, responseScale, reversed, true, text);
    }

    /** @return a copy with free wording */
    public Item withText(String wording) {
        Objects.requireNonNull(wording, "wording");
        return new Item(id, topic, type, responseScale, reversed, required, Optional.of(wording));
    }

    /** @return the response scale of an ordinal item */
    public ResponseScale scale() {
        return responseScale.orElseThrow(() -> new IllegalStateException("item " + id + " is free text"));
    }

    /**
     * The value an answer contributes to scale scores: the answer, reverse-keyed when
     * {@link #reversed()}.
     *
     * @param answer an answer within the response scale
     * @return the scored value
     */
    public int scoredValue(int answer) {
        return reversed ? scale().reverse(answer) : answer;
    }
}
