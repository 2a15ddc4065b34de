/** The NOT report model. */
package org.openrom.core.report;
