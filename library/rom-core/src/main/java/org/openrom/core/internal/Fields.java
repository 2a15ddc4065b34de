package org.openrom.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Strict reader of one JSON object: typed accessors that record a violation (with the JSON path) instead
 * of throwing, and {@link #finish()} that reports unknown fields. Not API.
 */
public final class Fields {
    private final JsonNode node;
    private final String path;
    private final Checks.Problems problems;
    private final Set<String> seen = new HashSet<>();
    private final boolean valid;

    /**
     * @param node the node that should be an object
     * @param path its JSON path ("" for the root)
     * @param problems where violations go
     */
    public Fields(JsonNode node, String path, Checks.Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.valid = node != null && node.isObject();
        if (!valid) {
            problems.addRaw(path.isEmpty() ? "$" : path, describe(node), "a JSON object");
        }
    }

    /** @return the JSON path of this object ("" for the root) */
    public String path() {
        return path;
    }

    /** @return the path of a field of this object */
    public String at(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private JsonNode get(String field) {
        seen.add(field);
        if (!valid) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** How a required field is absent: {@code null} when given as JSON null, else {@code missing}. */
    private String absent(String field) {
        return node != null && node.has(field) && node.get(field).isNull() ? "null" : "missing";
    }

    /** @return whether the field is present and not null */
    public boolean has(String field) {
        return get(field) != null;
    }

    /** @return the raw node of a field, if present */
    public Optional<JsonNode> node(String field) {
        return Optional.ofNullable(get(field));
    }

    /**
     * Requires the document's {@code format} field to name the expected format.
     *
     * @param expected the format, e.g. {@code openrom-needs-taxonomy}
     */
    public void requireFormat(String expected) {
        if (!expected.equals(text("format"))) {
            problems.addRaw("format", "other", "'" + expected + "'");
        }
    }

    /** A required text field; records a violation and returns null when absent or not text. */
    public String text(String field) {
        JsonNode v = get(field);
        if (v == null) {
            if (valid) {
                problems.addRaw(at(field), absent(field), "a text");
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.addRaw(at(field), describe(v), "a text");
            return null;
        }
        return v.textValue();
    }

    /** An optional text field. */
    public Optional<String> optText(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            problems.addRaw(at(field), describe(v), "a text");
            return Optional.empty();
        }
        return Optional.of(v.textValue());
    }

    /** A text field with a default. */
    public String text(String field, String dflt) {
        return optText(field).orElse(dflt);
    }

    /** A required integer (no fraction, within int range). */
    public int integer(String field, int dflt) {
        JsonNode v = get(field);
        if (v == null) {
            if (valid) {
                problems.addRaw(at(field), absent(field), "an integer");
            }
            return dflt;
        }
        return toInt(v, at(field)).orElse(dflt);
    }

    /** An optional integer. */
    public OptionalInt optInteger(String field) {
        JsonNode v = get(field);
        return v == null ? OptionalInt.empty() : toInt(v, at(field));
    }

    private OptionalInt toInt(JsonNode v, String p) {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return OptionalInt.of(v.intValue());
        }
        problems.addRaw(p, describe(v), "an integer");
        return OptionalInt.empty();
    }

    /** An optional finite number. */
    public OptionalDouble optNumber(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            problems.addRaw(at(field), describe(v), "a finite number");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(v.doubleValue());
    }

    /** A number with a default. */
    public double number(String field, double dflt) {
        return optNumber(field).orElse(dflt);
    }

    /** A boolean with a default. */
    public boolean bool(String field, boolean dflt) {
        JsonNode v = get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            problems.addRaw(at(field), describe(v), "true or false");
            return dflt;
        }
        return v.booleanValue();
    }

    /**
     * An enum written in kebab case ({@code LOWER_IS_BETTER} ↔ {@code lower-is-better}).
     */
    public <E extends Enum<E>> E enumValue(String field, Class<E> type, E dflt) {
        Optional<String> s = optText(field);
        if (s.isEmpty()) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (kebab(e).equals(s.get())) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(kebab(e));
        }
        problems.add(at(field), s.get(), "one of " + String.join(", ", names));
        return dflt;
    }

    /** @return the kebab-case JSON name of an enum constant */
    public static String kebab(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** An array of child objects; absent → empty list when {@code required} is false. */
    public List<Fields> objects(String field, boolean required) {
        JsonNode v = get(field);
        List<Fields> out = new ArrayList<>();
        if (v == null) {
            if (required && valid) {
                problems.addRaw(at(field), absent(field), "an array");
            }
            return out;
        }
        if (!v.isArray()) {
            problems.addRaw(at(field), describe(v), "an array");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new Fields(v.get(i), at(field) + "[" + i + "]", problems));
        }
        return out;
    }

    /** A child object, if present. */
    public Optional<Fields> object(String field) {
        JsonNode v = get(field);
        return v == null ? Optional.empty() : Optional.of(new Fields(v, at(field), problems));
    }

    /** An array of texts. */
    public List<String> texts(String field) {
        JsonNode v = get(field);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problems.addRaw(at(field), describe(v), "an array of texts");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isTextual()) {
                out.add(v.get(i).textValue());
            } else {
                problems.addRaw(at(field) + "[" + i + "]", describe(v.get(i)), "a text");
            }
        }
        return out;
    }

    /** An object of text values, in document order. */
    public Map<String, String> textMap(String field) {
        JsonNode v = get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            problems.addRaw(at(field), describe(v), "an object of texts");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().textValue());
            } else {
                problems.addRaw(at(field) + "." + e.getKey(), describe(e.getValue()), "a text");
            }
        }
        return out;
    }

    /** Records every field of the object that no accessor asked for. Call last. */
    public void finish() {
        if (!valid) {
            return;
        }
        List<String> allowed = new ArrayList<>(seen);
        java.util.Collections.sort(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!seen.contains(f)) {
                problems.add(at(f), f, "no such field; accepted: " + String.join(", ", allowed));
            }
        }
    }

    /** @return the problem collector */
    public Checks.Problems problems() {
        return problems;
    }

    /** @return a safe description of a node for messages (free text is never shown) */
    public static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isTextual()) {
            // a text where something else was expected may be anything a patient wrote: its shape only
            int n = v.textValue().length();
            return "a text of " + n + " character" + (n == 1 ? "" : "s");
        }
        return v.isArray() ? "an array" : "an object";
    }
}
