package org.openrom.core.worklist;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Every patient who needs attention, ranked ({@link #ORDER}): the rows of {@link WorklistRow}, and how many patients
 * were looked at, so that an empty list reads as "nobody needs attention", never as "nothing was looked at".
 *
 * @param rows the patients who need attention, in {@link #ORDER}
 * @param considered the patients the query matched (on the list or not)
 */
public record Worklist(List<WorklistRow> rows, int considered) {
    /**
     * The documented order: by the first {@link Attention} (safety alerts first); among safety alerts, the most severe
     * first; then the longest waiting first (the earliest {@code since}); then by patient id.
     */
    public static final Comparator<WorklistRow> ORDER = Comparator.comparing(WorklistRow::first)
            .thenComparing(r -> r.first() == Attention.SAFETY_ALERT ? r.alerts().stream().mapToInt(a -> a.severity().ordinal())
                    .min().orElse(Integer.MAX_VALUE) : 0)
            .thenComparingInt(WorklistRow::since)
            .thenComparing(WorklistRow::patientId);

    /** Validates and copies. */
    public Worklist {
        rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
        if (considered < rows.size()) {
            throw new IllegalArgumentException("considered " + considered + " < " + rows.size() + " rows");
        }
    }
}
