/**
 * The clinician's worklist: every patient who needs attention, ranked, with the reason in one line. Built by
 * {@link org.openrom.core.monitor.OutcomeMonitor#worklist} from the monitor's own state.
 */
package org.openrom.core.worklist;
