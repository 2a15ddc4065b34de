/**
 * Output helpers every {@code rom} command shares, plugins included: {@link org.openrom.cli.io.AtomicOutput} (a file
 * appears whole or not at all), {@link org.openrom.cli.io.OutputPaths} (inputs and outputs checked before work
 * starts), {@link org.openrom.cli.io.OutputFolder} (a folder of pages replaced as one).
 */
package org.openrom.cli.io;
