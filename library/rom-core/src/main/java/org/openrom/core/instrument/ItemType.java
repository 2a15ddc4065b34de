package org.openrom.core.instrument;

/** The kind of answer an item takes. */
public enum ItemType {
    /** An integer on a {@link ResponseScale}; the only kind that can be scored. */
    ORDINAL,
    /** Free text (e.g. a PSYCHLOPS problem description). Never scored, never logged. */
    TEXT
}
