package org.openrom.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.openrom.core.track.Finding;
import org.openrom.core.track.TrackAssessment;

/**
 * {@code rom track --format jsonl-compact}: one short JSON object per assessment, {@code {"patientId", "occasion",
 * "rule", "status", "reasons"}}, the rule as its canonical spec and the reasons as their codes. It leaves out what the
 * full form repeats on every line (the rule's parameters) and what a status trajectory does not need (the sentences,
 * their arguments, the details), so that a cohort's output is about a quarter of the size. Not thread-safe.
 */
final class CompactLines {
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
    private final StringBuilder sb = new StringBuilder(256);

    /**
     * @param patientId the patient
     * @param a one of the patient's assessments
     * @return the line, without its line end
     */
    String line(String patientId, TrackAssessment a) {
        sb.setLength(0);
        sb.append("{\"patientId\":\"");
        ESCAPE.quoteAsString(patientId, sb);
        sb.append("\",\"occasion\":").append(a.occasion()).append(",\"rule\":\"");
        ESCAPE.quoteAsString(a.rule().spec(), sb);
        sb.append("\",\"status\":\"").append(a.status().name()).append("\",\"reasons\":[");
        boolean first = true;
        for (Finding f : a.reasons()) {
            sb.append(first ? "\"" : ",\"");
            ESCAPE.quoteAsString(f.code(), sb);
            sb.append('"');
            first = false;
        }
        return sb.append("]}").toString();
    }
}
