package org.openrom.core.report;

import java.util.Objects;

/**
 * A patient's free-text comment. Untrusted text: renderers escape it; it is never logged.
 *
 * @param instrument the questionnaire it was written on
 * @param occasion the occasion
 * @param text the comment
 */
public record PatientComment(String instrument, int occasion, String text) {
    /** Validates. */
    public PatientComment {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(text, "text");
    }

    /** Never shows the text. */
    @Override
    public String toString() {
        return "PatientComment[" + instrument + ", occasion " + occasion + ", " + text.length() + " characters]";
    }
}
