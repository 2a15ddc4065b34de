/** The stateful façade: {@link org.openrom.core.monitor.OutcomeMonitor}. */
package org.openrom.core.monitor;
