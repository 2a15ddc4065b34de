package org.openrom.core.score;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;
import org.openrom.core.internal.IntAnswers;

/**
 * One completed questionnaire: a patient's answers to one instrument at one occasion.
 *
 * <p>Answers are integers keyed by item id; free-text answers are kept apart in {@link #texts()}; an
 * unanswered item is simply absent. This type checks only its own shape; whether the answers fit the
 * instrument is checked by {@link org.openrom.core.instrument.Instrument#validate(Administration)}.
 *
 * <p>{@link #toString()} shows identifiers only, never answers or text, so an administration may be
 * logged safely.
 *
 * <p><b>Ids.</b> Patient and group ids are opaque, 1 to 128 characters without control or format characters.
 * They are normalised here, so identically on every input path: surrounding white space is stripped and the
 * text is put in Unicode NFC ({@link #normalizeId}); two spellings that normalise alike are one patient.
 *
 * @param patientId an opaque patient identifier (normalised; non-blank, at most 128 characters)
 * @param instrumentId the instrument answered
 * @param occasion the occasion number (0 = baseline; usually the session number), &ge; 0
 * @param date the date of the administration, if known
 * @param groupId the therapy group, if any (opaque)
 * @param answers item id → integer answer
 * @param texts item id → free-text answer
 * @param comment the patient's free-text comment, if any
 */
public record Administration(String patientId, String instrumentId, int occasion, Optional<LocalDate> date,
        Optional<String> groupId, Map<String, Integer> answers, Map<String, String> texts,
        Optional<String> comment) {

    /**
     * Validates the shape and copies the maps into immutable maps that iterate in key order (the answers into a
     * compact, array-backed map).
     */
    public Administration {
        Checks.Problems p = new Checks.Problems("administration");
        patientId = Checks.normalizeOpaqueId(patientId);
        String idProblem = Checks.opaqueIdProblem(patientId);
        if (idProblem != null) {
            p.add("patientId", patientId, idProblem);
        }
        if (!Checks.isId(instrumentId)) {
            p.add("instrumentId", instrumentId, "an instrument id");
        }
        if (occasion < 0) {
            p.add("occasion", occasion, "an integer >= 0");
        }
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(comment, "comment");
        groupId = groupId.map(Checks::normalizeOpaqueId);
        if (groupId.isPresent() && Checks.opaqueIdProblem(groupId.get()) != null) {
            p.add("groupId", groupId.get(), Checks.opaqueIdProblem(groupId.get()));
        }
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(texts, "texts");
        IntAnswers a;
        if (answers instanceof IntAnswers given) {
            a = given; // immutable, keys and values checked when it was built
        } else {
            String[] keys = new String[answers.size()];
            int[] values = new int[answers.size()];
            int n = 0;
            for (Map.Entry<String, Integer> e : answers.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    p.add("answers." + e.getKey(), e.getValue(), "an item id with an integer answer");
                } else if (n < keys.length) {
                    keys[n] = e.getKey();
                    values[n++] = e.getValue();
                }
            }
            a = IntAnswers.of(keys, values, n);
        }
        SortedMap<String, String> t = texts.isEmpty() ? Collections.emptySortedMap() : new TreeMap<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                p.addRaw("texts." + e.getKey(), e.getValue() == null ? "null" : "<text>", "an item id with a text");
            } else {
                t.put(e.getKey(), e.getValue());
            }
            if (e.getKey() != null && a.containsKey(e.getKey())) {
                p.addRaw("texts." + e.getKey(), "<text>", "an item answered either as a number or as text, not both");
            }
        }
        p.throwIfAny();
        answers = a;
        texts = t.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(t);
    }

    /**
     * @param patientId an opaque patient id
     * @param instrumentId the instrument
     * @param occasion the occasion number
     * @return a builder
     */
    public static Builder builder(String patientId, String instrumentId, int occasion) {
        return new Builder(patientId, instrumentId, occasion);
    }

    /**
     * The normal form that {@code Administration} gives patient and group ids: stripped of surrounding white
     * space, in Unicode NFC. Use it to look up a patient by an id typed or read elsewhere.
     *
     * @param id an id
     * @return its normal form
     */
    public static String normalizeId(String id) {
        return Checks.normalizeOpaqueId(Objects.requireNonNull(id, "id"));
    }

    /**
     * @param id an id in normal form ({@link #normalizeId})
     * @return true when it is a valid patient or group id: 1 to 128 characters, no control or format characters
     */
    public static boolean isValidId(String id) {
        return Checks.opaqueIdProblem(Objects.requireNonNull(id, "id")) == null;
    }

    /** @return a builder pre-filled with this administration */
    public Builder toBuilder() {
        Builder b = new Builder(patientId, instrumentId, occasion);
        b.date = date.orElse(null);
        b.groupId = groupId.orElse(null);
        answers.forEach(b::answer);
        b.texts.putAll(texts);
        b.comment = comment.orElse(null);
        return b;
    }

    /** Identifiers only: answers, texts and comments are never part of the string form. */
    @Override
    public String toString() {
        return "Administration[patient=" + patientId + ", instrument=" + instrumentId + ", occasion=" + occasion
                + ", answers=" + answers.size() + ", texts=" + texts.size() + "]";
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private final String patientId;
        private final String instrumentId;
        private final int occasion;
        private LocalDate date;
        private String groupId;
        // in the order given, sorted once when built (an item answered twice is an error)
        private String[] answerIds = new String[16];
        private int[] answerValues = new int[16];
        private int answerCount;
        private final Map<String, String> texts = new TreeMap<>();
        private final java.util.Set<String> textTwice = new java.util.TreeSet<>();
        private String comment;

        private Builder(String patientId, String instrumentId, int occasion) {
            this.patientId = patientId;
            this.instrumentId = instrumentId;
            this.occasion = occasion;
        }

        /** @return this */
        public Builder answer(String itemId, int value) {
            Objects.requireNonNull(itemId, "itemId");
            if (answerCount == answerIds.length) {
                answerIds = java.util.Arrays.copyOf(answerIds, answerCount * 2);
                answerValues = java.util.Arrays.copyOf(answerValues, answerCount * 2);
            }
            answerIds[answerCount] = itemId;
            answerValues[answerCount++] = value;
            return this;
        }

        /**
         * Sets answers in item order.
         *
         * @param prefix item id prefix, e.g. {@code q}
         * @param values answers for {@code prefix1, prefix2, …}
         * @return this
         */
        public Builder answers(String prefix, int... values) {
            java.util.Objects.requireNonNull(values, "values");
            for (int i = 0; i < values.length; i++) {
                answer(prefix + (i + 1), values[i]);
            }
            return this;
        }

        /** @return this */
        public Builder text(String itemId, String value) {
            if (texts.put(Objects.requireNonNull(itemId, "itemId"), Objects.requireNonNull(value, "value")) != null) {
                textTwice.add(itemId);
            }
            return this;
        }

        /** @return this */
        public Builder date(LocalDate d) {
            date = d;
            return this;
        }

        /** @return this */
        public Builder groupId(String g) {
            groupId = g;
            return this;
        }

        /** @return this */
        public Builder comment(String c) {
            comment = c;
            return this;
        }

        /**
         * @return the validated administration
         * @throws org.openrom.core.ValidationException when an item was answered twice (the builder never keeps "the later one")
         */
        public Administration build() {
            java.util.Set<String> seen = new java.util.HashSet<>();
            Checks.Problems twice = new Checks.Problems("administration");
            for (int i = 0; i < answerCount; i++) {
                if (!seen.add(answerIds[i])) {
                    twice.add("answers." + answerIds[i], answerIds[i], "each item answered once (it was given twice)");
                }
            }
            textTwice.forEach(item -> twice.add("texts." + item, item, "each item answered once (it was given twice)"));
            twice.throwIfAny();
            return new Administration(patientId, instrumentId, occasion, Optional.ofNullable(date),
                    Optional.ofNullable(groupId), IntAnswers.of(java.util.Arrays.copyOf(answerIds, answerCount),
                    java.util.Arrays.copyOf(answerValues, answerCount), answerCount), texts,
                    Optional.ofNullable(comment));
        }
    }
}
