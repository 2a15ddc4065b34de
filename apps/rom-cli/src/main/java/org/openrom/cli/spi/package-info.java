/** Plugin interfaces of the rom command: extra subcommands and input formats, found with ServiceLoader. */
package org.openrom.cli.spi;
