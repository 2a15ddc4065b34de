package org.openrom.core.track.spi;

/** The type of a rule parameter. */
public enum ParameterType {
    /** A whole number. */
    INTEGER,
    /** A finite decimal number. */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** One of a fixed list of words. */
    CHOICE,
    /** A qualified scale id, resolved when the rule is created. */
    SCALE,
    /** A name, e.g. of a reference cohort. */
    TEXT,
    /** A parenthesised list of nested rule specs (combinators). */
    RULES
}
