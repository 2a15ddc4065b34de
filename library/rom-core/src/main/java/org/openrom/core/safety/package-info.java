/**
 * Safety alerts: critical-item answers that a clinician must see whatever the scores and the track rules say
 * ({@link org.openrom.core.safety.SafetyAlert}), their severities, the clinic's wording of them
 * ({@link org.openrom.core.safety.AlertWording}), and the rejection that carries them
 * ({@link org.openrom.core.safety.RejectedAdministrationException}).
 */
package org.openrom.core.safety;
