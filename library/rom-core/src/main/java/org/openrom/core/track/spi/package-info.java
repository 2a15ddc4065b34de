/** The track-rule service-provider interface. */
package org.openrom.core.track.spi;
