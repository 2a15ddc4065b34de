package org.openrom.core.instrument;

/**
 * How a scale is shown in charts. ROM graphs read "up is better": a lower-is-better scale such as
 * ODSIS is shown {@link #REVERSED}, i.e. as {@code min + max − score} (ODSIS: {@code 20 − total}).
 */
public enum DisplayOrientation {
    /** Shown as scored. */
    AS_SCORED,
    /** Shown as {@code min + max − score}; applying it twice gives the score back exactly. */
    REVERSED
}
