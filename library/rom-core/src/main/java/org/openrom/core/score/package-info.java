/** Administrations (raw answers) and the scores computed from them. */
package org.openrom.core.score;
