package org.openrom.core.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;

/**
 * A scored total or subscale of an instrument.
 *
 * <p>The score is {@code factor × aggregate(item values)} where aggregate is the {@link Aggregation}
 * of the (reverse-keyed where declared) item values; its range {@code [min, max]} follows from the
 * items. A scale is referred to by its qualified id {@code instrument.scale}, e.g. {@code odsis.total}.
 * An <em>external</em> scale (no instrument, e.g. HAM-D totals read from a trial's score file) has an
 * empty {@link #instrumentId()} and is referred to by its bare id.
 *
 * @param instrumentId the owning instrument, or empty for an external scale
 * @param id the scale id within the instrument (e.g. {@code total}, {@code pb})
 * @param label a short human label used in sentences and charts (e.g. {@code ODSIS})
 * @param itemIds the items this scale aggregates (empty for an external scale)
 * @param aggregation sum or mean
 * @param factor a multiplier applied after aggregation (WHO-5 percentage: 4)
 * @param min the lowest possible score
 * @param max the highest possible score
 * @param direction which end is healthy
 * @param display how charts orient it
 * @param cutoff the clinical cut-off: a score at or on the worse side of it is "a case"
 * @param bands severity bands, ascending by {@code from}
 * @param psychometrics reliability and norms, where published
 * @param codes external codes, e.g. {@code loinc → 44261-6}
 */
public record Scale(String instrumentId, String id, String label, List<String> itemIds, Aggregation aggregation,
        double factor, double min, double max, Direction direction, DisplayOrientation display,
        OptionalDouble cutoff, List<Band> bands, Psychometrics psychometrics, Map<String, String> codes) {

    /** Validates every field; copies collections. */
    public Scale {
        String subject = "scale " + (instrumentId == null || instrumentId.isEmpty() ? "" : instrumentId + ".") + id;
        Checks.Problems p = new Checks.Problems(subject);
        Objects.requireNonNull(instrumentId, "instrumentId");
        if (!instrumentId.isEmpty() && !Checks.isId(instrumentId)) {
            p.add("instrumentId", instrumentId, "an id");
        }
        if (!Checks.isId(id)) {
            p.add("id", id, "an id of lower-case letters, digits, '-' or '_'");
        }
        if (label == null || label.isBlank()) {
            p.add("label", label, "a non-blank label");
        }
        itemIds = List.copyOf(itemIds);
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(psychometrics, "psychometrics");
        if (!(Double.isFinite(factor) && factor > 0)) {
            p.add("factor", factor, "a finite number > 0");
        }
        if (Double.isNaN(min) || Double.isNaN(max) || !(max > min)) {
            p.add("max", max, "a number greater than min " + min);
        }
        if (!instrumentId.isEmpty() && !(Double.isFinite(min) && Double.isFinite(max))) {
            p.add("min", min, "a finite range for an instrument scale");
        }
        if (display == DisplayOrientation.REVERSED && !(Double.isFinite(min) && Double.isFinite(max))) {
            p.add("display", "reversed", "a finite range to reverse the display");
        }
        if (cutoff.isPresent() && !(cutoff.getAsDouble() >= min && cutoff.getAsDouble() <= max)) {
            p.add("cutoff", cutoff.getAsDouble(), "a value within " + min + ".." + max);
        }
        bands = List.copyOf(bands);
        for (int i = 1; i < bands.size(); i++) {
            if (!(bands.get(i).from() > bands.get(i - 1).from())) {
                p.add("bands[" + i + "].from", bands.get(i).from(), "bands in strictly ascending order");
            }
        }
        codes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(codes));
        p.throwIfAny();
    }

    /**
     * An external scale: a score with a name and a direction but no items (e.g. HAM-D from a trial).
     *
     * @param id the scale's name, e.g. {@code hamd}
     * @param direction which end is healthy
     * @param psychometrics norms and reliability, if known
     * @return the scale, with an unbounded range and no cut-off
     */
    public static Scale external(String id, Direction direction, Psychometrics psychometrics) {
        return new Scale("", id, id, List.of(), Aggregation.SUM, 1, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, direction, DisplayOrientation.AS_SCORED, OptionalDouble.empty(), List.of(),
                psychometrics, Map.of());
    }

    /** @return {@code instrument.scale}, or the bare id of an external scale */
    public String qualifiedId() {
        return instrumentId.isEmpty() ? id : instrumentId + "." + id;
    }

    /**
     * The value charts show: the score itself, or {@code min + max − score} when the display is
     * {@link DisplayOrientation#REVERSED}. Applying it twice returns the score exactly for scores on the
     * scale's integer-valued grid (and within one ulp otherwise).
     *
     * @param score a score on this scale
     * @return the display value
     */
    public double displayValue(double score) {
        return display == DisplayOrientation.REVERSED ? min + max - score : score;
    }

    /**
     * @param score a score on this scale
     * @return true when the score is at or on the worse side of the cut-off; false without a cut-off
     */
    public boolean isCase(double score) {
        if (cutoff.isEmpty()) {
            return false;
        }
        double c = cutoff.getAsDouble();
        return direction == Direction.LOWER_IS_BETTER ? score >= c : score <= c;
    }

    /**
     * @param score a score on this scale
     * @return the band containing it, if the scale has bands and the score is not below the first
     */
    public Optional<Band> band(double score) {
        Band found = null;
        for (Band b : bands) {
            if (score >= b.from()) {
                found = b;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * @param id the scale id
     * @param label a short label
     * @return a builder; the instrument computes the range when it is built
     */
    public static Builder builder(String id, String label) {
        return new Builder(id, label);
    }

    /** Builds a scale; {@link Instrument.Builder} computes its range from the items. */
    public static final class Builder {
        private final String id;
        private final String label;
        private final List<String> items = new ArrayList<>();
        private Aggregation aggregation = Aggregation.SUM;
        private double factor = 1;
        private Direction direction = Direction.LOWER_IS_BETTER;
        private DisplayOrientation display = DisplayOrientation.AS_SCORED;
        private OptionalDouble cutoff = OptionalDouble.empty();
        private final List<Band> bands = new ArrayList<>();
        private Psychometrics psychometrics = Psychometrics.NONE;
        private final Map<String, String> codes = new TreeMap<>();

        private Builder(String id, String label) {
            this.id = id;
            this.label = label;
        }

        /** @return this */
        public Builder items(String... ids) {
            items.addAll(List.of(Objects.requireNonNull(ids, "ids")));
            return this;
        }

        /** @return this */
        public Builder items(List<String> ids) {
            items.addAll(List.copyOf(Objects.requireNonNull(ids, "ids")));
            return this;
        }

        /** @return this */
        public Builder aggregation(Aggregation aggregation) {
            this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
            return this;
        }

        /** @return this */
        public Builder factor(double f) {
            factor = f;
            return this;
        }

        /** @return this */
        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** @return this */
        public Builder display(DisplayOrientation display) {
            this.display = Objects.requireNonNull(display, "display");
            return this;
        }

        /** @return this */
        public Builder cutoff(double c) {
            cutoff = OptionalDouble.of(c);
            return this;
        }

        /** @return this */
        public Builder band(double from, String bandLabel) {
            bands.add(new Band(from, bandLabel));
            return this;
        }

        /** @return this */
        public Builder psychometrics(Psychometrics psychometrics) {
            this.psychometrics = Objects.requireNonNull(psychometrics, "psychometrics");
            return this;
        }

        /** @return this */
        public Builder code(String system, String code) {
            codes.put(Objects.requireNonNull(system, "system"), Objects.requireNonNull(code, "code"));
            return this;
        }

        String id() {
            return id;
        }

        List<String> itemIds() {
            return items;
        }

        Aggregation aggregationValue() {
            return aggregation;
        }

        double factorValue() {
            return factor;
        }

        Scale build(String instrumentId, double min, double max) {
            return new Scale(instrumentId, id, label, items, aggregation, factor, min, max, direction, display,
                    cutoff, bands, psychometrics, codes);
        }
    }
}
