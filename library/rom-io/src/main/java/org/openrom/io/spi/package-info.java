/** The input-format SPI: a plugin that reads another file format into administrations (e.g. FHIR responses). */
package org.openrom.io.spi;
