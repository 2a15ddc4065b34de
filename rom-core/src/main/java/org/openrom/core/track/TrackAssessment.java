package org.openrom.core.track;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.openrom.core.ValidationException;

/**
 * A rule's verdict at one occasion, with its reasons and rule-specific details.
 *
 * @param occasion the occasion assessed
 * @param status the verdict
 * @param reasons structured reasons with plain-language sentences (at least one)
 * @param rule which rule, version and parameters produced it
 * @param details rule-specific numbers and labels (e.g. {@code rci}, {@code category}); values are
 *     {@link Long}, {@link Double} (finite), {@link String} or {@link Boolean}; sorted by key
 */
public record TrackAssessment(int occasion, TrackStatus status, List<Finding> reasons, RuleRef rule,
        SortedMap<String, Object> details) {

    /** Validates; normalises integral numbers to {@link Long} and other numbers to {@link Double}. */
    public TrackAssessment {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rule, "rule");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new ValidationException("assessment", "reasons", "[]", "at least one reason");
        }
        TreeMap<String, Object> d = new TreeMap<>();
        for (Map.Entry<String, Object> e : details.entrySet()) {
            d.put(Objects.requireNonNull(e.getKey(), "detail key"), normalise(e.getKey(), e.getValue()));
        }
        details = Collections.unmodifiableSortedMap(d);
    }

    private static Object normalise(String key, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new ValidationException("assessment", "details." + key, String.valueOf(d), "a finite number");
            }
            return d;
        }
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        throw new ValidationException("assessment", "details." + key, v == null ? "null" : v.getClass().getSimpleName(),
                "a number, text or boolean");
    }

    /**
     * @param occasion the occasion
     * @param status the verdict
     * @param rule the rule
     * @param details details (may be empty)
     * @param reasons at least one reason
     * @return the assessment
     */
    public static TrackAssessment of(int occasion, TrackStatus status, RuleRef rule, Map<String, Object> details,
            Finding... reasons) {
        return new TrackAssessment(occasion, status, List.of(reasons), rule, new TreeMap<>(details));
    }

    /** @return true when NOT_ON_TRACK */
    public boolean isNotOnTrack() {
        return status == TrackStatus.NOT_ON_TRACK;
    }
}
