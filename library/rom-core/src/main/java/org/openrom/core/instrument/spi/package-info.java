/** The instrument service-provider interface. */
package org.openrom.core.instrument.spi;
