package org.openrom.core.track.spi;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.openrom.core.internal.Checks;

/**
 * Describes one parameter of a rule: name, type, default, allowed range or choices, and meaning.
 * A parameter without a default is either required or, when {@code required} is false, optional
 * (the rule then derives the value, e.g. from the scale's psychometrics).
 *
 * @param name the key in the spec
 * @param type the type
 * @param defaultValue the default in canonical text, if any
 * @param required whether the spec must give it
 * @param min the smallest allowed number (INTEGER, DECIMAL)
 * @param max the largest allowed number (INTEGER, DECIMAL)
 * @param choices the allowed words (CHOICE)
 * @param description what it means, with units
 */
public record ParameterDescriptor(String name, ParameterType type, Optional<String> defaultValue, boolean required,
        OptionalDouble min, OptionalDouble max, List<String> choices, String description) {

    /** Validates consistency. */
    public ParameterDescriptor {
        Checks.id("parameter", "name", name);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        choices = List.copyOf(Objects.requireNonNull(choices, "choices"));
        Checks.nonBlank("parameter " + name, "description", description);
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException("parameter " + name + " cannot be required and have a default");
        }
        if (type == ParameterType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice parameter " + name + " needs choices");
        }
    }

    /** @return an integer parameter with a default and an inclusive range */
    public static ParameterDescriptor integer(String name, long dflt, long min, long max, String description) {
        return new ParameterDescriptor(name, ParameterType.INTEGER, Optional.of(Long.toString(dflt)), false,
                OptionalDouble.of(min), OptionalDouble.of(max), List.of(), description);
    }

    /** @return a decimal parameter with a default and an inclusive range */
    public static ParameterDescriptor decimal(String name, double dflt, double min, double max, String description) {
        return new ParameterDescriptor(name, ParameterType.DECIMAL, Optional.of(canonicalDecimal(dflt)), false,
                OptionalDouble.of(min), OptionalDouble.of(max), List.of(), description);
    }

    /** @return an optional decimal parameter without default (the rule derives it when absent) */
    public static ParameterDescriptor optionalDecimal(String name, double min, double max, String description) {
        return new ParameterDescriptor(name, ParameterType.DECIMAL, Optional.empty(), false, OptionalDouble.of(min),
                OptionalDouble.of(max), List.of(), description);
    }

    /** @return a boolean parameter with a default */
    public static ParameterDescriptor bool(String name, boolean dflt, String description) {
        return new ParameterDescriptor(name, ParameterType.BOOLEAN, Optional.of(Boolean.toString(dflt)), false,
                OptionalDouble.empty(), OptionalDouble.empty(), List.of(), description);
    }

    /** @return a choice parameter with a default (which must be one of the choices) */
    public static ParameterDescriptor choice(String name, String dflt, List<String> choices, String description) {
        Objects.requireNonNull(dflt, "dflt");
        Objects.requireNonNull(choices, "choices");
        if (!choices.contains(dflt)) {
            throw new IllegalArgumentException("default " + dflt + " is not one of " + choices);
        }
        return new ParameterDescriptor(name, ParameterType.CHOICE, Optional.of(dflt), false, OptionalDouble.empty(),
                OptionalDouble.empty(), choices, description);
    }

    /** @return a scale parameter with a default scale id */
    public static ParameterDescriptor scale(String name, String dflt, String description) {
        Objects.requireNonNull(dflt, "dflt");
        return new ParameterDescriptor(name, ParameterType.SCALE, Optional.of(dflt), false, OptionalDouble.empty(),
                OptionalDouble.empty(), List.of(), description);
    }

    /** @return a required scale parameter */
    public static ParameterDescriptor requiredScale(String name, String description) {
        return new ParameterDescriptor(name, ParameterType.SCALE, Optional.empty(), true, OptionalDouble.empty(),
                OptionalDouble.empty(), List.of(), description);
    }

    /** @return an optional text parameter */
    public static ParameterDescriptor optionalText(String name, String description) {
        return new ParameterDescriptor(name, ParameterType.TEXT, Optional.empty(), false, OptionalDouble.empty(),
                OptionalDouble.empty(), List.of(), description);
    }

    /** @return a required text parameter */
    public static ParameterDescriptor requiredText(String name, String description) {
        return new ParameterDescriptor(name, ParameterType.TEXT, Optional.empty(), true, OptionalDouble.empty(),
                OptionalDouble.empty(), List.of(), description);
    }

    /** @return a required list of nested rules with at least {@code minCount} entries */
    public static ParameterDescriptor rules(String name, int minCount, int maxCount, String description) {
        return new ParameterDescriptor(name, ParameterType.RULES, Optional.empty(), true, OptionalDouble.of(minCount),
                OptionalDouble.of(maxCount), List.of(), description);
    }

    /** @return a copy with another default (e.g. a rule that defaults {@code scale} differently) */
    public ParameterDescriptor withDefault(String dflt) {
        return new ParameterDescriptor(name, type, Optional.of(dflt), false, min, max, choices, description);
    }

    /** @return the canonical text of a decimal: shortest form, no trailing zeros ({@code 3}, {@code 0.95}) */
    public static String canonicalDecimal(double d) {
        if (d == 0) {
            return "0";
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** @return what values are accepted, for messages */
    public String expectation() {
        switch (type) {
            case INTEGER:
                return "an integer in " + (long) min.orElse(Long.MIN_VALUE) + ".." + (long) max.orElse(Long.MAX_VALUE);
            case DECIMAL:
                return "a number in " + canonicalDecimal(min.orElse(-Double.MAX_VALUE)) + ".."
                        + canonicalDecimal(max.orElse(Double.MAX_VALUE));
            case BOOLEAN:
                return "true or false";
            case CHOICE:
                return "one of " + String.join(", ", choices);
            case SCALE:
                return "a scale id such as odsis.total";
            case TEXT:
                return "a name";
            default:
                return "a parenthesised list of " + (long) min.orElse(1) + " to " + (long) max.orElse(99)
                        + " rule specs separated by ';'";
        }
    }
}
