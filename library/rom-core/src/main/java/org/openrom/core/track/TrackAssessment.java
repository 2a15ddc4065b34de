package org.openrom.core.track;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.openrom.core.ValidationException;

/**
 * A rule's verdict at one occasion, with its reasons and rule-specific details. Immutable and thread-safe;
 * value-based: equality compares occasion, status, rule, reasons and details.
 *
 * <p>Rules on hot paths may create assessments {@linkplain #lazy lazily}: the status is known at once, the
 * plain-language reasons and the details are built on first access (at most once). An embedder that only
 * reads statuses never pays for the sentences.
 */
public final class TrackAssessment {
    private final int occasion;
    private final TrackStatus status;
    private final RuleRef rule;
    private Supplier<Explanation> explain;
    /** Reserved detail: the lower edge of the score range the rule expected ({@link #expectedBand()}). */
    public static final String EXPECTED_LOW = "expectedLow";
    /** Reserved detail: the upper edge of the score range the rule expected ({@link #expectedBand()}). */
    public static final String EXPECTED_HIGH = "expectedHigh";

    private volatile Explanation explanation;

    /**
     * Reasons and details of an assessment.
     *
     * @param reasons structured reasons with plain-language sentences (at least one)
     * @param details rule-specific numbers and labels: {@link Long}, finite {@link Double}, {@link String} or
     *     {@link Boolean} values, sorted by key
     */
    public record Explanation(List<Finding> reasons, SortedMap<String, Object> details) {
        /** Validates; normalises integral numbers to {@link Long} and other numbers to {@link Double}. */
        public Explanation {
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
    }

    /**
     * An eager assessment.
     *
     * @param occasion the occasion assessed
     * @param status the verdict
     * @param reasons structured reasons (at least one)
     * @param rule which rule, version and parameters produced it
     * @param details rule-specific details (see {@link Explanation})
     */
    public TrackAssessment(int occasion, TrackStatus status, List<Finding> reasons, RuleRef rule,
            SortedMap<String, Object> details) {
        this(occasion, status, rule, null);
        this.explanation = new Explanation(reasons, details);
    }

    private TrackAssessment(int occasion, TrackStatus status, RuleRef rule, Supplier<Explanation> explain) {
        this.occasion = occasion;
        this.status = Objects.requireNonNull(status, "status");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.explain = explain;
    }

    /**
     * An assessment whose reasons and details are built on first access.
     *
     * @param occasion the occasion
     * @param status the verdict
     * @param rule the rule
     * @param explain builds the explanation; must capture everything it needs (it may run on another thread,
     *     after the rule's state has moved on) and must return a valid explanation
     * @return the assessment
     */
    public static TrackAssessment lazy(int occasion, TrackStatus status, RuleRef rule, Supplier<Explanation> explain) {
        return new TrackAssessment(occasion, status, rule, Objects.requireNonNull(explain, "explain"));
    }

    /**
     * @param occasion the occasion
     * @param status the verdict
     * @param rule the rule
     * @param details details (may be empty)
     * @param reasons at least one reason
     * @return an eager assessment
     */
    public static TrackAssessment of(int occasion, TrackStatus status, RuleRef rule, Map<String, Object> details,
            Finding... reasons) {
        return new TrackAssessment(occasion, status, List.of(reasons), rule, new TreeMap<>(details));
    }

    private Explanation explanation() {
        Explanation e = explanation;
        if (e == null) {
            synchronized (this) {
                e = explanation;
                if (e == null) {
                    e = Objects.requireNonNull(explain.get(), "explanation");
                    explanation = e;
                    explain = null;
                }
            }
        }
        return e;
    }

    /** @return the occasion assessed */
    public int occasion() {
        return occasion;
    }

    /** @return the verdict */
    public TrackStatus status() {
        return status;
    }

    /** @return the rule, version and parameters that produced it */
    public RuleRef rule() {
        return rule;
    }

    /** @return the reasons (at least one) */
    public List<Finding> reasons() {
        return explanation().reasons();
    }

    /** @return the rule-specific details, sorted by key */
    public SortedMap<String, Object> details() {
        return explanation().details();
    }

    /**
     * The typed view of the reserved details {@link #EXPECTED_LOW} and {@link #EXPECTED_HIGH}: any rule that
     * expects a range of scores reports it this way, and readers (the NOT report's chart, FHIR) need not know
     * which rule it was.
     *
     * @return the band, when the rule reported both edges
     */
    public java.util.Optional<ExpectedBand> expectedBand() {
        Object low = details().get(EXPECTED_LOW);
        Object high = details().get(EXPECTED_HIGH);
        if (low instanceof Number && high instanceof Number) {
            return java.util.Optional.of(new ExpectedBand(((Number) low).doubleValue(), ((Number) high).doubleValue()));
        }
        return java.util.Optional.empty();
    }

    /** @return true when NOT_ON_TRACK */
    public boolean isNotOnTrack() {
        return status == TrackStatus.NOT_ON_TRACK;
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TrackAssessment)) {
            return false;
        }
        TrackAssessment t = (TrackAssessment) o;
        return occasion == t.occasion && status == t.status && rule.equals(t.rule) && explanation().equals(t.explanation());
    }

    @Override
    public int hashCode() {
        return Objects.hash(occasion, status, rule, explanation());
    }

    /** Status, occasion and rule; reasons are not built for it. */
    @Override
    public String toString() {
        return "TrackAssessment[occasion=" + occasion + ", status=" + status + ", rule=" + rule.spec() + "]";
    }
}
