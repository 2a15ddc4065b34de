package org.openrom.core.json;

/** Registers the codecs of packages beyond {@code score} (track, monitor). Package-private hook. */
final class JsonCodecs {
    private JsonCodecs() {
    }

    static void registerAll(RomModule module) {
        // filled in as further value packages gain JSON forms
    }
}
