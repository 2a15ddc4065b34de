/** JSON for every public value: the hardened {@link org.openrom.core.json.RomJson} and the {@link org.openrom.core.json.RomModule}. */
package org.openrom.core.json;
