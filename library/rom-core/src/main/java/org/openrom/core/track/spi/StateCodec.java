package org.openrom.core.track.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Scale;
import org.openrom.core.internal.Checks;
import org.openrom.core.track.TrackRule;

/**
 * The saved form of a rule's per-patient state, declared once as a list of typed fields: {@link #save} writes the
 * fields in order as {@link TrackState#save()} must, and {@link #restore} reads them back with every check a
 * restored state needs, so that an edited or corrupted encoding is refused instead of changing clinical output.
 *
 * <p>Each field knows its kind and therefore its check: a {@linkplain Builder#started started} flag agrees with the
 * host's observation count, a {@linkplain Builder#count count} equals it, a {@linkplain Builder#score score} lies on
 * its scale (or is 0 while unset), an {@linkplain Builder#occasion occasion} is one the host has seen (or the unset
 * value), an {@linkplain Builder#integer integer} lies in its range. Whether a score or an occasion is present is a
 * predicate of the fields read before it. Cross-field rules are {@linkplain Builder#invariant invariants}, checked
 * after every field was read. Immutable and thread-safe; build one per rule instance.
 *
 * <pre>{@code
 * codec = StateCodec.<State>builder("percent-change")
 *         .started(s -> s.started, (s, v) -> s.started = v)
 *         .score("baseline", scale, s -> s.started, s -> s.baseline, (s, v) -> s.baseline = v)
 *         .build();
 * }</pre>
 *
 * @param <S> the rule's state type
 */
public final class StateCodec<S> {
    private final String rule;
    private final List<Field<S>> fields;
    private final List<BiFunction<S, TrackRule.Consumed, Optional<String>>> invariants;

    private StateCodec(Builder<S> b) {
        this.rule = b.rule;
        this.fields = List.copyOf(b.fields);
        this.invariants = List.copyOf(b.invariants);
    }

    /**
     * @param ruleId the rule id, named in every refusal
     * @param <S> the state type
     * @return a builder with no fields
     */
    public static <S> Builder<S> builder(String ruleId) {
        return new Builder<>(Checks.nonBlank("state codec", "ruleId", ruleId));
    }

    /** @return the number of numbers a saved state holds */
    public int size() {
        return fields.size();
    }

    /** @return the field names in saved order */
    public List<String> fieldNames() {
        return fields.stream().map(f -> f.name).toList();
    }

    /**
     * @param state the state to encode
     * @return one number per field, in declared order
     */
    public double[] save(S state) {
        Objects.requireNonNull(state, "state");
        double[] out = new double[fields.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fields.get(i).get.applyAsDouble(state);
        }
        return out;
    }

    /**
     * Reads {@code saved} into {@code fresh}, field by field, and checks every field and invariant.
     *
     * @param saved what {@link #save} returned
     * @param consumed what the host knows of the observations the state consumed
     * @param fresh a new state of the rule, which receives the fields
     * @return {@code fresh}, filled
     * @throws DataFormatException naming the rule, the field and what was expected when the encoding is not a
     *     possible state
     */
    public S restore(double[] saved, TrackRule.Consumed consumed, S fresh) {
        Objects.requireNonNull(saved, "saved");
        Objects.requireNonNull(consumed, "consumed");
        Objects.requireNonNull(fresh, "fresh");
        if (saved.length != fields.size()) {
            throw refuse("expected " + fields.size() + " numbers " + fieldNames() + ", got " + saved.length);
        }
        for (int i = 0; i < saved.length; i++) {
            Field<S> f = fields.get(i);
            double v = saved[i];
            if (!Double.isFinite(v)) {
                throw refuse("non-finite number at " + i + " (" + f.name + ")");
            }
            f.read.read(this, f.name, v, consumed, fresh);
        }
        for (BiFunction<S, TrackRule.Consumed, Optional<String>> check : invariants) {
            Optional<String> violation = check.apply(fresh, consumed);
            if (violation.isPresent()) {
                throw impossible(violation.get());
            }
        }
        return fresh;
    }

    private DataFormatException refuse(String message) {
        return new DataFormatException("state of " + rule, 0, 0, message, null);
    }

    private DataFormatException impossible(String message) {
        return refuse("impossible state: " + message);
    }

    private int integer(String name, double v) {
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw refuse("expected an integer for " + name + ", got " + v);
        }
        return (int) v;
    }

    @FunctionalInterface
    private interface Reader<S> {
        void read(StateCodec<S> codec, String name, double value, TrackRule.Consumed consumed, S into);
    }

    private record Field<S>(String name, ToDoubleFunction<S> get, Reader<S> read) {
    }

    /**
     * Declares the fields of a state in saved order.
     *
     * @param <S> the state type
     */
    public static final class Builder<S> {
        private final String rule;
        private final List<Field<S>> fields = new ArrayList<>();
        private final List<BiFunction<S, TrackRule.Consumed, Optional<String>>> invariants = new ArrayList<>();

        private Builder(String rule) {
            this.rule = rule;
        }

        private Builder<S> add(String name, ToDoubleFunction<S> get, Reader<S> read) {
            Checks.nonBlank("state of " + rule, "field name", name);
            if (fields.stream().anyMatch(f -> f.name.equals(name))) {
                throw new IllegalArgumentException("state of " + rule + ": field " + name + " declared twice");
            }
            fields.add(new Field<>(name, Objects.requireNonNull(get, "get"), read));
            return this;
        }

        /**
         * A 0/1 flag that says whether the state has seen an observation; it must agree with the host's count.
         *
         * @param get reads the flag
         * @param set writes it
         * @return this builder
         */
        public Builder<S> started(Predicate<S> get, FlagSetter<S> set) {
            Objects.requireNonNull(set, "set");
            return add("started", s -> get.test(s) ? 1 : 0, (c, name, v, consumed, into) -> {
                int n = c.integer(name, v);
                if (n != 0 && n != 1) {
                    throw c.refuse("expected 0 or 1 for " + name + ", got " + n);
                }
                boolean b = n == 1;
                if (consumed.known() && b != consumed.observations() > 0) {
                    throw c.impossible("the state says " + (b ? "started" : "not started") + " after "
                            + consumed.observations() + " observation(s)");
                }
                set.set(into, b);
            });
        }

        /**
         * The number of observations the state has consumed; it must equal the host's.
         *
         * @param get reads the count
         * @param set writes it
         * @return this builder
         */
        public Builder<S> count(ToIntFunction<S> get, ObjIntConsumer<S> set) {
            Objects.requireNonNull(set, "set");
            return add("count", get::applyAsInt, (c, name, v, consumed, into) -> {
                int n = c.integer(name, v);
                if (n < 0 || consumed.known() && n != consumed.observations()) {
                    throw c.impossible("the state counts " + n + " observation(s), the host " + consumed.observations());
                }
                set.accept(into, n);
            });
        }

        /**
         * An integer in {@code [min, max]}.
         *
         * @param name the field name
         * @param min the smallest allowed value
         * @param max the largest allowed value
         * @param get reads it
         * @param set writes it
         * @return this builder
         */
        public Builder<S> integer(String name, int min, int max, ToIntFunction<S> get, ObjIntConsumer<S> set) {
            Objects.requireNonNull(set, "set");
            if (min > max) {
                throw new IllegalArgumentException("state of " + rule + ": field " + name + " has min " + min + " > max " + max);
            }
            return add(name, get::applyAsInt, (c, n, v, consumed, into) -> {
                int i = c.integer(n, v);
                if (i < min || i > max) {
                    throw c.impossible(n + " " + i + " outside [" + min + ", " + max + "]");
                }
                set.accept(into, i);
            });
        }

        /**
         * A score on {@code scale} while {@code present} holds of the fields read so far, else exactly 0.
         *
         * @param name the field name
         * @param scale the scale the score lies on
         * @param present whether the state holds a score here, judged on the fields before this one
         * @param get reads it
         * @param set writes it
         * @return this builder
         */
        public Builder<S> score(String name, Scale scale, Predicate<S> present, ToDoubleFunction<S> get,
                ObjDoubleConsumer<S> set) {
            Objects.requireNonNull(scale, "scale");
            Objects.requireNonNull(present, "present");
            Objects.requireNonNull(set, "set");
            return add(name, get, (c, n, v, consumed, into) -> {
                boolean here = present.test(into);
                if (here ? v < scale.min() || v > scale.max() : v != 0) {
                    throw c.impossible(here ? n + " " + v + " outside " + scale.qualifiedId() + " [" + scale.min() + ", "
                            + scale.max() + "]" : "a value for " + n + " where no score was observed yet");
                }
                set.accept(into, v);
            });
        }

        /**
         * An occasion the host has seen ({@code 0 ≤ o ≤} its last) while {@code present} holds of the fields read
         * so far, else exactly {@code unset}.
         *
         * @param name the field name
         * @param present whether the state holds an occasion here, judged on the fields before this one
         * @param unset the value of an unset occasion
         * @param get reads it
         * @param set writes it
         * @return this builder
         */
        public Builder<S> occasion(String name, Predicate<S> present, int unset, ToIntFunction<S> get,
                ObjIntConsumer<S> set) {
            Objects.requireNonNull(present, "present");
            Objects.requireNonNull(set, "set");
            return add(name, get::applyAsInt, (c, n, v, consumed, into) -> {
                int o = c.integer(n, v);
                boolean here = present.test(into);
                boolean ok = here ? o >= 0 && (!consumed.known() || o <= consumed.lastOccasion()) : o == unset;
                if (!ok) {
                    throw c.impossible(here ? n + " " + o + " is not an occasion observed (last: "
                            + consumed.lastOccasion() + ")" : n + " " + o + " where none is set (" + unset + " expected)");
                }
                set.accept(into, o);
            });
        }

        /**
         * A rule between fields, checked after all were read.
         *
         * @param violation the sentence that says what is impossible, or empty when the state is possible
         * @return this builder
         */
        public Builder<S> invariant(BiFunction<S, TrackRule.Consumed, Optional<String>> violation) {
            invariants.add(Objects.requireNonNull(violation, "violation"));
            return this;
        }

        /** @return the codec */
        public StateCodec<S> build() {
            return new StateCodec<>(this);
        }
    }

    /**
     * Writes a boolean field.
     *
     * @param <S> the state type
     */
    @FunctionalInterface
    public interface FlagSetter<S> {
        /**
         * @param state the state
         * @param value the flag
         */
        void set(S state, boolean value);
    }
}
