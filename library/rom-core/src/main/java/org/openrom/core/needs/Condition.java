package org.openrom.core.needs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackStatus;

/**
 * A condition of an evidence rule, read from data. Core code never names an instrument: the scales,
 * instruments and items come from the evidence JSON. A condition that holds returns its evidence; one
 * that does not returns an empty list. Conditions are data: the needs engine evaluates them (an evaluation is
 * not part of the public API).
 */
public sealed interface Condition {

    /** Comparison operators. */
    enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("==");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op of(String s) {
            for (Op o : values()) {
                if (o.symbol.equals(s)) {
                    return o;
                }
            }
            return null;
        }

        boolean test(double a, double b) {
            switch (this) {
                case LT:
                    return a < b;
                case LE:
                    return a <= b;
                case GT:
                    return a > b;
                case GE:
                    return a >= b;
                default:
                    return a == b;
            }
        }
    }

    /**
     * Holds when any of the last {@code window} scores of a scale compares true with {@code value}.
     *
     * @param scale qualified scale id
     * @param op the comparison
     * @param value the threshold
     * @param window how many of the latest scored administrations to consider
     */
    record ScaleCondition(String scale, Op op, double value, int window) implements Condition {
        List<Evidence> evaluate(NeedsInput input, String rule, InstrumentRegistry instruments) {
            List<double[]> s = input.series(scale);
            List<Evidence> out = new ArrayList<>();
            String label = instruments.findScale(scale).map(Scale::label).orElse(scale);
            for (double[] p : s.subList(Math.max(0, s.size() - window), s.size())) {
                if (op.test(p[1], value)) {
                    out.add(new Evidence(rule, "scale", scale, (int) p[0], num(p[1]), label + " " + num(p[1])
                            + " at session " + (int) p[0] + " (" + op.symbol + " " + num(value) + ")",
                            args("label", label, "value", num(p[1]), "session", String.valueOf((int) p[0]), "op", op.symbol,
                                    "threshold", num(value))));
                }
            }
            return out;
        }
    }

    /**
     * Holds when any listed item of the last {@code window} administrations compares true.
     *
     * @param instrument the instrument id
     * @param items the item ids
     * @param op the comparison
     * @param value the threshold
     * @param window how many of the latest administrations to consider
     */
    record ItemCondition(String instrument, List<String> items, Op op, double value, int window) implements Condition {
        /** Copies the items. */
        public ItemCondition {
            items = List.copyOf(Objects.requireNonNull(items, "items"));
        }

        List<Evidence> evaluate(NeedsInput input, String rule, InstrumentRegistry instruments) {
            List<Evidence> out = new ArrayList<>();
            for (Administration a : input.latest(instrument, window)) {
                for (String item : items) {
                    Integer v = a.answers().get(item);
                    if (v != null && op.test(v, value)) {
                        String topic = instruments.find(instrument).flatMap(i -> i.item(item)).map(i -> i.topic()).orElse(item);
                        String name = instruments.find(instrument).map(i -> i.name()).orElse(instrument);
                        out.add(new Evidence(rule, "item", instrument + "." + item, a.occasion(), String.valueOf(v),
                                name + ": " + topic + " = " + v + " at session " + a.occasion(), args("instrument", name,
                                        "topic", topic, "value", String.valueOf(v), "session", String.valueOf(a.occasion()))));
                    }
                }
            }
            return out;
        }
    }

    /**
     * Holds when the latest score of a scale has improved by at least {@code improvement} points from the
     * first (baseline) score, in the scale's healthy direction.
     *
     * @param scale qualified scale id
     * @param improvement the minimum improvement
     */
    record ChangeCondition(String scale, double improvement) implements Condition {
        List<Evidence> evaluate(NeedsInput input, String rule, InstrumentRegistry instruments) {
            List<double[]> s = input.series(scale);
            if (s.size() < 2) {
                return List.of();
            }
            Scale sc = instruments.scale(scale);
            double[] first = s.get(0);
            double[] last = s.get(s.size() - 1);
            double imp = -sc.direction().worsening(first[1], last[1]);
            if (imp < improvement) {
                return List.of();
            }
            return List.of(new Evidence(rule, "change", scale, (int) last[0], num(last[1]), sc.label() + " improved "
                    + num(imp) + " points from baseline " + num(first[1]) + " to " + num(last[1]) + " at session "
                    + (int) last[0], args("label", sc.label(), "improvement", num(imp), "baseline", num(first[1]), "value",
                            num(last[1]), "session", String.valueOf((int) last[0]))));
        }
    }

    /**
     * Holds when the latest status of a rule (by rule id) equals {@code status}.
     *
     * @param rule the track rule id, e.g. {@code persistent}
     * @param status the status
     */
    record StatusCondition(String rule, TrackStatus status) implements Condition {
        List<Evidence> evaluate(NeedsInput input, String evidenceRule, InstrumentRegistry instruments) {
            TrackStatus s = input.statuses().get(rule);
            if (s != status) {
                return List.of();
            }
            return List.of(new Evidence(evidenceRule, "status", rule, input.occasion(), s.name(), "Rule " + rule + " is "
                    + s.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " at session " + input.occasion(),
                    args("rule", rule, "status", s.name(), "session", String.valueOf(input.occasion()))));
        }
    }

    /**
     * Holds when a clinician recorded the flag.
     *
     * @param flag the flag, e.g. {@code comorbidity}
     */
    record FlagCondition(String flag) implements Condition {
        List<Evidence> evaluate(NeedsInput input, String rule, InstrumentRegistry instruments) {
            return input.flags().contains(flag)
                    ? List.of(new Evidence(rule, "flag", flag, -1, "", "Recorded by a clinician: " + flag, args("flag", flag)))
                    : List.of();
        }
    }

    /**
     * Holds when every nested condition holds; its evidence is theirs.
     *
     * @param conditions the nested conditions
     */
    record AllCondition(List<Condition> conditions) implements Condition {
        /** Copies. */
        public AllCondition {
            conditions = List.copyOf(Objects.requireNonNull(conditions, "conditions"));
        }

        List<Evidence> evaluate(NeedsInput input, String rule, InstrumentRegistry instruments) {
            List<Evidence> out = new ArrayList<>();
            for (Condition c : conditions) {
                List<Evidence> e = Conditions.evaluate(c, input, rule, instruments);
                if (e.isEmpty()) {
                    return List.of();
                }
                out.addAll(e);
            }
            return out;
        }
    }

    /**
     * Holds when any nested condition holds; its evidence is that of every one that holds.
     *
     * @param conditions the nested conditions
     */
    record AnyCondition(List<Condition> conditions) implements Condition {
        /** Copies. */
        public AnyCondition {
            conditions = List.copyOf(Objects.requireNonNull(conditions, "conditions"));
        }

        List<Evidence> evaluate(NeedsInput input, String rule, InstrumentRegistry instruments) {
            List<Evidence> out = new ArrayList<>();
            for (Condition c : conditions) {
                out.addAll(Conditions.evaluate(c, input, rule, instruments));
            }
            return out;
        }
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    /** @return name, value, name, value, … as a sorted map (the arguments of an evidence sentence) */
    private static java.util.SortedMap<String, String> args(String... kv) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
