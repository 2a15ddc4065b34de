/** A patient's scored history, the one value every stage of OpenROM reads: {@link org.openrom.core.history.PatientHistory}. */
package org.openrom.core.history;
