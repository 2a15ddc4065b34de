package org.openrom.core.track;

/** A rule's verdict at one occasion. */
public enum TrackStatus {
    /** Progress is as expected (no NOT criterion holds). */
    ON_TRACK,
    /** Not On Track: a criterion of the rule holds; the assessment's reasons say which. */
    NOT_ON_TRACK,
    /** The rule cannot judge yet (e.g. the baseline occasion) or cannot judge this value. */
    INSUFFICIENT_DATA
}
