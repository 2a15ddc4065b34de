package org.openrom.core.report;

import java.util.Objects;

/**
 * An item answer shown in the report (a negative response, or a reported life event).
 *
 * @param instrument the instrument id
 * @param instrumentName its name
 * @param item the item id
 * @param topic the item's topic (never copyrighted wording)
 * @param occasion the occasion
 * @param value the answer
 * @param min the lowest answer
 * @param max the highest answer
 */
public record ItemResponse(String instrument, String instrumentName, String item, String topic, int occasion, int value,
        int min, int max) {
    /** Validates. */
    public ItemResponse {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(instrumentName, "instrumentName");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(topic, "topic");
    }
}
