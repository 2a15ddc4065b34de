/**
 * The needs taxonomy (Gryesten et al. 2024), data-defined evidence rules, the {@link
 * org.openrom.core.needs.NeedsEngine} and its {@link org.openrom.core.needs.NeedsAssessment}.
 */
package org.openrom.core.needs;
