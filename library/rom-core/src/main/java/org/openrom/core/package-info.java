/**
 * OpenROM core: the exception hierarchy. Domain values live in the sub-packages:
 * {@link org.openrom.core.instrument} (instruments and scoring), {@link org.openrom.core.score}
 * (administrations and scores), {@link org.openrom.core.track} (track-status rules),
 * {@link org.openrom.core.monitor} (the stateful façade) and {@link org.openrom.core.json} (JSON).
 */
package org.openrom.core;
