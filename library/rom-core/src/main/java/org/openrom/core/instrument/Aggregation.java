package org.openrom.core.instrument;

/** How item values combine into a scale score. */
public enum Aggregation {
    /** The sum of the item values. */
    SUM,
    /** The arithmetic mean of the item values. */
    MEAN
}
