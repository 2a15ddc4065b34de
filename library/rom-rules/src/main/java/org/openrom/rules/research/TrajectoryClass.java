package org.openrom.rules.research;

/** The ground-truth trajectory classes of the synthetic cohort. */
public enum TrajectoryClass {
    /** Improve early and steeply (most of the gain by session 4). */
    EARLY_RESPONDER,
    /** Improve gradually over the whole course. */
    SLOW_RESPONDER,
    /** No systematic change. */
    NON_RESPONDER,
    /** Get worse over the course. */
    DETERIORATOR
}
