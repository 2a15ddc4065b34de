/**
 * Track-status (Not On Track) rules: the streaming {@link org.openrom.core.track.TrackRule} contract,
 * assessments, the {@link org.openrom.core.track.RuleSpec} text form and the
 * {@link org.openrom.core.track.RuleRegistry}.
 */
package org.openrom.core.track;
