/**
 * Cohort files read into the library's {@link org.openrom.core.history.PatientHistory}: {@link
 * org.openrom.io.CohortInput} reads item-level CSV, score-level CSV and JSON Lines with strict validation and messages
 * that name file, line and column but never free text.
 */
package org.openrom.io;
