package org.openrom.core.instrument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.internal.Checks;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;

/**
 * A questionnaire with exact scoring rules. Immutable and thread-safe.
 *
 * <p>Scoring ({@link #score(Administration)}): the administration is {@linkplain #validate validated}
 * (every problem listed, nothing clamped); each ordinal answer is reverse-keyed where the item says so
 * ({@code max + min − answer}); each scale aggregates its items under the
 * {@linkplain MissingDataPolicy missing-data policy} and multiplies by its factor.
 */
public final class Instrument {
    /** The value that marks an unanswered item in {@link #score(int[], double[])}. */
    public static final int MISSING = Integer.MIN_VALUE;
    /** The largest absolute sum of a scale's answers: scoring sums in exact {@code int} arithmetic. */
    static final long MAX_SCALE_REACH = 1_000_000_000L;

    private final String id;
    private final String version;
    private final String name;
    private final String source;
    private final String licence;
    private final List<Item> items;
    private final List<Scale> scales;
    private final MissingDataPolicy missingDataPolicy;
    private final Map<String, String> codes;
    private final Map<String, Map<String, String>> translations;
    private final List<CriticalItem> criticalItems;
    private final Map<String, Item> itemsById;
    private final Map<String, Scale> scalesById;
    private final int[][] scaleItemIndexes;
    private final int[] substituteIndex;
    private final int[] unscaledItems;
    private final int[] itemSpan;
    private final int itemCount;
    private final int scaleCount;
    // the fast path of score(int[], double[]); null when the instrument is not uniform
    private final UniformPlan uniformPlan;
    private final int[] sign;
    private final int[] offset;
    private final int[] itemMin;
    private final int[] itemMax;
    private final Aggregation[] scaleAggregation;
    private final double[] scaleFactor;

    private Instrument(Builder b) {
        Checks.Problems p = new Checks.Problems("instrument " + b.id);
        if (!Checks.isId(b.id)) {
            p.add("id", b.id, "an id of lower-case letters, digits, '-' or '_'");
        }
        if (b.version == null || b.version.isBlank()) {
            p.add("version", b.version, "a non-blank version");
        }
        if (b.name == null || b.name.isBlank()) {
            p.add("name", b.name, "a non-blank name");
        }
        this.id = b.id;
        this.version = b.version;
        this.name = b.name;
        this.source = Objects.requireNonNull(b.source, "source");
        this.licence = Objects.requireNonNull(b.licence, "licence");
        this.items = List.copyOf(b.items);
        this.missingDataPolicy = b.policy;
        this.codes = Collections.unmodifiableSortedMap(new TreeMap<>(b.codes));
        Map<String, Item> byId = new LinkedHashMap<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (byId.putIfAbsent(it.id(), it) != null) {
                p.add("items[" + i + "].id", it.id(), "an item id not used before");
            }
            index.putIfAbsent(it.id(), i);
        }
        if (items.isEmpty()) {
            p.add("items", "[]", "at least one item");
        }
        this.itemsById = Collections.unmodifiableMap(byId);
        this.criticalItems = List.copyOf(b.criticalItems);
        InstrumentLayout.checkCriticalItems(p, criticalItems, byId);

        InstrumentLayout.Scales built = InstrumentLayout.scales(p, b.id, b.scales, byId, index);
        this.substituteIndex = InstrumentLayout.substitutes(p, missingDataPolicy, byId, index, items.size());
        this.translations = InstrumentLayout.translations(p, b.translations, byId, built.byId());
        p.throwIfAny();
        this.scales = List.copyOf(built.scales());
        this.scalesById = Collections.unmodifiableMap(built.byId());
        this.scaleItemIndexes = built.itemIndexes().toArray(new int[0][]);
        this.sign = new int[items.size()];
        this.offset = new int[items.size()];
        this.itemMin = new int[items.size()];
        this.itemMax = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            // scored value = offset + sign × answer: the answer itself, or max + min − answer when reverse-keyed
            sign[i] = it.reversed() ? -1 : 1;
            if (it.type() == ItemType.ORDINAL) {
                offset[i] = it.reversed() ? it.scale().min() + it.scale().max() : 0;
                itemMin[i] = it.scale().min();
                itemMax[i] = it.scale().max();
            } else {
                itemMin[i] = Integer.MAX_VALUE;
                itemMax[i] = Integer.MIN_VALUE;
            }
        }
        boolean[] inScale = new boolean[items.size()];
        for (int[] ix : scaleItemIndexes) {
            for (int i : ix) {
                inScale[i] = true;
            }
        }
        this.itemSpan = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            itemSpan[i] = items.get(i).type() == ItemType.ORDINAL ? itemMax[i] - itemMin[i] : -1;
        }
        this.itemCount = items.size();
        this.scaleCount = scales.size();
        this.unscaledItems = java.util.stream.IntStream.range(0, items.size()).filter(i -> !inScale[i]).toArray();
        this.scaleAggregation = new Aggregation[scales.size()];
        this.scaleFactor = new double[scales.size()];
        for (int s = 0; s < scales.size(); s++) {
            scaleAggregation[s] = scales.get(s).aggregation();
            scaleFactor[s] = scales.get(s).factor();
        }
        this.uniformPlan = UniformPlan.of(items, scales, scaleItemIndexes);
    }

    /**
     * @param id the instrument id, e.g. {@code odsis}
     * @param version the definition version, e.g. {@code 1}
     * @return a builder
     */
    public static Builder builder(String id, String version) {
        return new Builder(id, version);
    }

    /** @return the instrument id */
    public String id() {
        return id;
    }

    /** @return the definition version */
    public String version() {
        return version;
    }

    /** @return the full name */
    public String name() {
        return name;
    }

    /** @return the bibliographic source of the scoring rules */
    public String source() {
        return source;
    }

    /** @return the licence or copyright note */
    public String licence() {
        return licence;
    }

    /** @return the items in order */
    public List<Item> items() {
        return items;
    }

    /** @return the scales in order */
    public List<Scale> scales() {
        return scales;
    }

    /** @return the missing-data policy */
    public MissingDataPolicy missingDataPolicy() {
        return missingDataPolicy;
    }

    /**
     * Display texts in other languages: language → key → text, where a key is {@code name}, an item id (its
     * topic), {@code <item id>=<answer>} (an answer's label, such as {@code q9=2}) or {@code <scale id>.label}. Short descriptors only, never an item's wording. Renderers use them
     * for names, topics and labels and fall back to the definition's own (English) texts.
     *
     * @return the translations (unmodifiable; empty when there are none)
     */
    public Map<String, Map<String, String>> translations() {
        return translations;
    }

    /**
     * An alert's descriptive texts in a language for {@link org.openrom.core.safety.AlertWording}: short name, item
     * position, topic and answer label ({@code translations} first, then in English the definition's own labels).
     *
     * @param alert an alert of this instrument
     * @param language a language code
     * @return the labels
     * @throws IllegalArgumentException for an alert of another instrument
     */
    public org.openrom.core.safety.AlertWording.Labels alertLabels(org.openrom.core.safety.SafetyAlert alert,
            String language) {
        return InstrumentLayout.alertLabels(this, alert, language);
    }

    /** @return external codes of the whole instrument, e.g. {@code loinc → 44249-1} */
    public Map<String, String> codes() {
        return codes;
    }

    /** @return the critical items, in definition order (empty when the instrument has none) */
    public List<CriticalItem> criticalItems() {
        return criticalItems;
    }

    /**
     * The safety alerts of an administration: one per critical item whose answer meets its condition, and one per
     * critical item left unanswered that declares {@link CriticalItem#unanswered()}. It reads the critical items'
     * answers only, so it holds whatever the other answers are, and even for an administration {@link #validate}
     * rejects (an answer outside the item's range that meets the condition alerts too: a rejection must not hide
     * risk).
     *
     * @param a an administration of this instrument
     * @return the alerts, in definition order; empty for an administration of another instrument
     */
    public List<org.openrom.core.safety.SafetyAlert> alerts(Administration a) {
        java.util.Objects.requireNonNull(a, "a");
        if (criticalItems.isEmpty() || !a.instrumentId().equals(id)) {
            return List.of();
        }
        List<org.openrom.core.safety.SafetyAlert> out = new ArrayList<>(2);
        for (CriticalItem ci : criticalItems) {
            Integer v = a.answers().get(ci.itemId());
            if (v != null && ci.alerts(v)) {
                out.add(new org.openrom.core.safety.SafetyAlert(a.patientId(), id, a.occasion(), a.date(), ci.itemId(),
                        java.util.OptionalInt.of(v), ci.severity(), ci.code()));
            } else if (v == null && ci.unanswered().isPresent()) {
                out.add(new org.openrom.core.safety.SafetyAlert(a.patientId(), id, a.occasion(), a.date(), ci.itemId(),
                        java.util.OptionalInt.empty(), ci.unanswered().get().severity(), ci.unanswered().get().code()));
            }
        }
        return out;
    }

    /** @return the item with that id */
    public Optional<Item> item(String itemId) {
        return Optional.ofNullable(itemsById.get(itemId));
    }

    /**
     * @param scaleId the local ({@code total}) or qualified ({@code odsis.total}) scale id
     * @return the scale
     */
    public Optional<Scale> scale(String scaleId) {
        java.util.Objects.requireNonNull(scaleId, "scaleId");
        String local = scaleId.startsWith(id + ".") ? scaleId.substring(id.length() + 1) : scaleId;
        return Optional.ofNullable(scalesById.get(local));
    }

    /**
     * Lists every way the administration does not fit this instrument: wrong instrument, unknown item,
     * answer outside the response scale, number given for a text item or text for an ordinal item,
     * required item missing.
     *
     * @param a the administration
     * @return the violations; empty when valid
     */
    public List<Violation> validate(Administration a) {
        java.util.Objects.requireNonNull(a, "a");
        Checks.Problems p = new Checks.Problems("administration");
        if (!a.instrumentId().equals(id)) {
            p.add("instrumentId", a.instrumentId(), "'" + id + "'");
            return p.list();
        }
        for (Map.Entry<String, Integer> e : a.answers().entrySet()) {
            Item it = itemsById.get(e.getKey());
            if (it == null) {
                p.add("answers." + e.getKey(), e.getValue(), "an item of " + id + ": " + itemsById.keySet());
            } else if (it.type() != ItemType.ORDINAL) {
                p.add("answers." + e.getKey(), e.getValue(), "text (item " + e.getKey() + " is free text)");
            } else if (!it.scale().contains(e.getValue())) {
                p.add("answers." + e.getKey(), e.getValue(),
                        "an integer in " + it.scale().min() + ".." + it.scale().max());
            }
        }
        for (String key : a.texts().keySet()) {
            Item it = itemsById.get(key);
            if (it == null) {
                p.addRaw("texts." + key, "<text>", "an item of " + id + ": " + itemsById.keySet());
            } else if (it.type() != ItemType.TEXT) {
                p.addRaw("texts." + key, "<text>", "an integer answer (item " + key + " is ordinal)");
            }
        }
        for (Item it : items) {
            if (it.required() && !a.answers().containsKey(it.id()) && !a.texts().containsKey(it.id())) {
                p.addRaw("answers." + it.id(), "missing", "an answer (the item is required)");
            }
        }
        return p.list();
    }

    /**
     * Validates and scores an administration, and raises its safety alerts ({@link #alerts}).
     *
     * @param a the administration
     * @return one score per scale, in scale order, with the alerts
     * @throws ValidationException listing every problem, when the administration does not fit; a
     *     {@link org.openrom.core.safety.RejectedAdministrationException} carrying the alerts when it raised any
     */
    public Scores score(Administration a) {
        java.util.Objects.requireNonNull(a, "a");
        List<org.openrom.core.safety.SafetyAlert> alerts = alerts(a);
        List<Violation> v = validate(a);
        if (!v.isEmpty()) {
            ValidationException e = new ValidationException("administration of " + id + " (patient " + a.patientId()
                    + ", occasion " + a.occasion() + ")", v);
            throw alerts.isEmpty() ? e : new org.openrom.core.safety.RejectedAdministrationException(e, alerts);
        }
        int[] raw = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Integer ans = a.answers().get(items.get(i).id());
            raw[i] = ans == null ? MISSING : ans;
        }
        List<Score> out = new ArrayList<>(scales.size());
        if (uniformPlan != null) {
            // validated above; the fast path succeeds exactly when every item is answered (nothing prorated)
            double[] values = new double[scaleCount];
            if (uniformPlan.score(raw, values)) {
                for (int s = 0; s < scaleCount; s++) {
                    int n = scaleItemIndexes[s].length;
                    out.add(Score.of(scales.get(s).qualifiedId(), values[s], n, n, false));
                }
                return new Scores(a.patientId(), id, a.occasion(), a.date(), out, alerts);
            }
        }
        int[] counts = new int[3];
        for (int s = 0; s < scales.size(); s++) {
            Scale scale = scales.get(s);
            double value = scaleValue(s, raw, counts);
            int n = scaleItemIndexes[s].length;
            if (Double.isNaN(value)) {
                int missing = n - counts[1];
                out.add(Score.notScored(scale.qualifiedId(), missing + " of " + n + " items missing; at most "
                        + percent(missingDataPolicy.maxMissingFraction()) + " may be missing", counts[0], n));
            } else {
                out.add(Score.of(scale.qualifiedId(), value, counts[0], n, counts[2] == 1 || counts[1] < n));
            }
        }
        return new Scores(a.patientId(), id, a.occasion(), a.date(), out, alerts);
    }

    /**
     * The allocation-free scoring path for high-throughput callers (batch research, benchmarks): the same
     * rules as {@link #score(Administration)} on a primitive array.
     *
     * @param answers one raw answer per item, in {@link #items()} order; {@link #MISSING} for unanswered items
     *     (text items must be {@link #MISSING})
     * @param out receives one value per scale, in {@link #scales()} order; {@link Double#NaN} when not scored;
     *     its contents are unspecified when the call throws
     * @throws ValidationException naming an answer outside its item's range (nothing is clamped)
     * @throws IllegalArgumentException when the array lengths do not fit this instrument
     */
    public void score(int[] answers, double[] out) {
        java.util.Objects.requireNonNull(answers, "answers");
        java.util.Objects.requireNonNull(out, "out");
        if (answers.length != itemCount || out.length != scaleCount) {
            throw new IllegalArgumentException("expected " + itemCount + " answers and " + scaleCount
                    + " outputs, got " + answers.length + " and " + out.length);
        }
        if (uniformPlan == null || !uniformPlan.score(answers, out)) {
            scoreGeneral(answers, out);
        }
    }

    /** @return the fast path of {@link #score(int[], double[])}, or null (for tests) */
    UniformPlan uniformPlan() {
        return uniformPlan;
    }

    /** The general path: every kind of item, reverse keying, substitution, proration; package-private for tests. */
    void scoreGeneral(int[] answers, double[] out) {
        // items outside every scale are checked here; the others while their scales are summed
        for (int i : unscaledItems) {
            checkRange(answers, i);
        }
        for (int s = 0; s < out.length; s++) {
            int[] ix = scaleItemIndexes[s];
            int n = ix.length;
            int isum = 0;
            boolean complete = true;
            for (int i : ix) {
                int a = answers[i];
                // one unsigned comparison catches both an out-of-range answer and MISSING (Integer.MIN_VALUE)
                if (Integer.compareUnsigned(a - itemMin[i], itemSpan[i]) > 0) {
                    if (a == MISSING) {
                        complete = false;
                        continue;
                    }
                    checkRange(answers, i);
                }
                isum += offset[i] + sign[i] * a;
            }
            out[s] = complete ? (scaleAggregation[s] == Aggregation.SUM ? isum : (double) isum / n) * scaleFactor[s]
                    : scaleValue(s, answers, null);
        }
    }

    private void checkRange(int[] answers, int i) {
        int a = answers[i];
        if (a != MISSING && (itemMin[i] > a || itemMax[i] < a)) {
            Item it = items.get(i);
            throw new ValidationException("answers of " + id, "answers[" + i + "] (" + it.id() + ")", String.valueOf(a),
                    it.type() == ItemType.TEXT ? "MISSING for a text item"
                            : "an integer in " + it.scale().min() + ".." + it.scale().max());
        }
    }

    /**
     * Scores one scale from raw answers: reversal, substitution, proration and factor.
     *
     * @param counts when not null, receives answered items, used items (after substitution) and 1 if a
     *     substitute was used
     * @return the value, or NaN when too many items are missing
     */
    private double scaleValue(int s, int[] raw, int[] counts) {
        int[] ix = scaleItemIndexes[s];
        int n = ix.length;
        int answered = 0;
        int used = 0;
        boolean substituted = false;
        double sum = 0;
        int isum = 0;
        for (int i : ix) {
            int a = raw[i];
            if (a != MISSING) {
                answered++;
                isum += offset[i] + sign[i] * a;
            } else {
                int sub = substituteIndex[i];
                if (sub >= 0 && raw[sub] != MISSING) {
                    used++;
                    isum += offset[sub] + sign[sub] * raw[sub];
                    substituted = true;
                }
            }
        }
        used += answered;
        sum = isum;
        if (counts != null) {
            counts[0] = answered;
            counts[1] = used;
            counts[2] = substituted ? 1 : 0;
        }
        int missing = n - used;
        if (missing > 0 && (double) missing / n > missingDataPolicy.maxMissingFraction()) {
            return Double.NaN;
        }
        double value = scaleAggregation[s] == Aggregation.SUM ? (missing == 0 ? sum : sum / used * n) : sum / used;
        return value * scaleFactor[s];
    }

    private static String percent(double f) {
        double pct = f * 100;
        return (pct == Math.rint(pct) ? String.valueOf((long) pct) : String.valueOf(pct)) + "%";
    }

    /** Identity is id and version; two definitions with the same id and version must be the same. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Instrument)) {
            return false;
        }
        Instrument other = (Instrument) o;
        return id.equals(other.id) && version.equals(other.version) && name.equals(other.name)
                && source.equals(other.source) && licence.equals(other.licence) && items.equals(other.items)
                && scales.equals(other.scales) && missingDataPolicy.equals(other.missingDataPolicy)
                && codes.equals(other.codes) && translations.equals(other.translations)
                && criticalItems.equals(other.criticalItems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version, items, scales);
    }

    @Override
    public String toString() {
        return "Instrument[" + id + " v" + version + ", " + items.size() + " items, " + scales.size() + " scales]";
    }

    /** Fluent builder; {@link #build()} validates everything and lists every problem. */
    public static final class Builder {
        private final String id;
        private final String version;
        private String name;
        private String source = "";
        private String licence = "";
        private final List<Item> items = new ArrayList<>();
        private final List<Scale.Builder> scales = new ArrayList<>();
        private MissingDataPolicy policy = MissingDataPolicy.DEFAULT;
        private final Map<String, String> codes = new TreeMap<>();
        private final Map<String, Map<String, String>> translations = new TreeMap<>();
        private final List<CriticalItem> criticalItems = new ArrayList<>();

        private Builder(String id, String version) {
            this.id = id;
            this.version = version;
        }

        /** @return this */
        public Builder name(String n) {
            name = n;
            return this;
        }

        /** @return this */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** @return this */
        public Builder licence(String licence) {
            this.licence = Objects.requireNonNull(licence, "licence");
            return this;
        }

        /** @return this */
        public Builder item(Item item) {
            items.add(Objects.requireNonNull(item, "item"));
            return this;
        }

        /** @return this */
        public Builder scale(Scale.Builder scale) {
            scales.add(Objects.requireNonNull(scale, "scale"));
            return this;
        }

        /** @return this */
        public Builder missingDataPolicy(MissingDataPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @return this */
        public Builder code(String system, String code) {
            codes.put(Objects.requireNonNull(system, "system"), Objects.requireNonNull(code, "code"));
            return this;
        }

        /**
         * Adds a display text in another language ({@link Instrument#translations()}).
         *
         * @param language a language code, e.g. {@code da}
         * @param key {@code name}, an item id or {@code <scale id>.label}
         * @param text the text
         * @return this
         */
        public Builder translation(String language, String key, String text) {
            translations.computeIfAbsent(Objects.requireNonNull(language, "language"), k -> new TreeMap<>())
                    .put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(text, "text"));
            return this;
        }

        /**
         * Declares a critical item ({@link CriticalItem}).
         *
         * @param item the critical item
         * @return this
         */
        public Builder criticalItem(CriticalItem item) {
            criticalItems.add(Objects.requireNonNull(item, "item"));
            return this;
        }

        /**
         * @return the validated instrument
         * @throws ValidationException listing every problem
         */
        public Instrument build() {
            return new Instrument(this);
        }
    }
}
