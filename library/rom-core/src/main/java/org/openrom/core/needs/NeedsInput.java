package org.openrom.core.needs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.core.track.TrackStatus;

/**
 * What the needs engine reads for one patient at one occasion (built from a {@code PatientHistory}): the administrations and their scores up
 * to that occasion, the latest status of each rule (by rule id), clinician flags (e.g.
 * {@code comorbidity} recorded at intake) and comment tags (a clinician tags a comment with a sub-theme).
 *
 * @param patientId the patient
 * @param occasion the occasion assessed (later data is ignored)
 * @param administrations the patient's administrations
 * @param scores their scores
 * @param statuses rule id → latest status
 * @param flags clinician flags
 * @param commentTags occasion → sub-theme ids a clinician tagged that occasion's comment with
 */
record NeedsInput(String patientId, int occasion, List<Administration> administrations, List<Scores> scores,
        Map<String, TrackStatus> statuses, Set<String> flags, Map<Integer, List<String>> commentTags) {

    /** Validates, keeps only data up to the occasion, and sorts by occasion. */
    NeedsInput {
        Checks.nonBlank("needs input", "patientId", patientId);
        Objects.requireNonNull(administrations, "administrations");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(statuses, "statuses");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(commentTags, "commentTags");
        administrations = administrations.stream().filter(a -> a.occasion() <= occasion)
                .sorted(Comparator.comparingInt(Administration::occasion)).toList();
        scores = scores.stream().filter(s -> s.occasion() <= occasion)
                .sorted(Comparator.comparingInt(Scores::occasion)).toList();
        statuses = Map.copyOf(statuses);
        flags = Set.copyOf(flags);
        TreeMap<Integer, List<String>> tags = new TreeMap<>();
        commentTags.forEach((k, v) -> {
            if (k <= occasion) {
                tags.put(k, List.copyOf(v));
            }
        });
        commentTags = java.util.Collections.unmodifiableSortedMap(tags);
    }

    /** @return the last {@code window} administrations of an instrument, oldest first */
    List<Administration> latest(String instrumentId, int window) {
        List<Administration> all = new ArrayList<>();
        for (Administration a : administrations) {
            if (a.instrumentId().equals(instrumentId)) {
                all.add(a);
            }
        }
        return all.subList(Math.max(0, all.size() - window), all.size());
    }

    /** @return (occasion, value) of every scored value of a scale, oldest first */
    List<double[]> series(String scale) {
        List<double[]> out = new ArrayList<>();
        for (Scores s : scores) {
            s.get(scale).ifPresent(x -> x.value().ifPresent(v -> out.add(new double[] {s.occasion(), v})));
        }
        return out;
    }
}
