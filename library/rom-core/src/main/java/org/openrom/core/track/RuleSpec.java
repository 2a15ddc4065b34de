package org.openrom.core.track;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.openrom.core.RuleSpecException;
import org.openrom.core.internal.Checks;

/**
 * The text form of a rule with its parameters, parsed and printed canonically.
 *
 * <p>Grammar (white space around tokens is ignored):
 * <pre>
 * spec   = id [ "@" version ] [ ":" param { "," param } ]
 * param  = key "=" value
 * version = number { "." number }      (such as 1 or 2.1)
 * value  = atom | "(" spec { ";" spec } ")"
 * id,key = [a-z0-9][a-z0-9_-]*
 * atom   = one or more characters other than  , ; ( ) = :  and white space
 * </pre>
 * Examples: {@code deterioration-or-no-change:run=3,reference=previous},
 * {@code persistent:k=2,rule=(deterioration-or-no-change)},
 * {@code any-of:rules=(reliable-change:method=jt,sd-pre=4;deterioration-threshold)}.
 * The canonical form sorts parameters by key; {@code parse(s.toString())} equals {@code s}.
 *
 * <p>A spec without a version means the newest version of the rule installed; {@code deterioration-or-no-change@1}
 * pins version 1, which never changes meaning (docs/rules.md, "Versions").
 *
 * @param id the rule id
 * @param parameters key → value, sorted by key
 * @param version the pinned implementation version, or empty for the newest installed
 */
public record RuleSpec(String id, SortedMap<String, Value> parameters, Optional<String> version) {

    /** A parameter value: an atom or a list of nested specs. */
    public sealed interface Value permits Atom, Specs {
    }

    /**
     * A plain value such as {@code 3}, {@code 0.95}, {@code odsis.total} or {@code previous}.
     *
     * @param text the value's text
     */
    public record Atom(String text) implements Value {
        /** Validates the atom's characters. */
        public Atom {
            if (text == null || text.isEmpty() || !text.chars().allMatch(Atom::allowed)) {
                throw new RuleSpecException("Invalid parameter value " + org.openrom.core.SafeText.excerpt(text)
                        + ": expected characters other than , ; ( ) = : and white space");
            }
        }

        static boolean allowed(int c) {
            return c > ' ' && c != ',' && c != ';' && c != '(' && c != ')' && c != '=' && c != ':' && c != 0x7f;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A list of nested specs, for combinators.
     *
     * @param specs at least one spec
     */
    public record Specs(List<RuleSpec> specs) implements Value {
        /** Copies and validates. */
        public Specs {
            specs = List.copyOf(Objects.requireNonNull(specs, "specs"));
            if (specs.isEmpty()) {
                throw new RuleSpecException("A nested rule list needs at least one rule");
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < specs.size(); i++) {
                sb.append(i == 0 ? "" : ";").append(specs.get(i));
            }
            return sb.append(')').toString();
        }
    }

    /** Validates the id, the version and copies the parameters. */
    public RuleSpec {
        Objects.requireNonNull(version, "version");
        if (version.isPresent() && !version.get().matches(RuleRegistry.VERSION)) {
            throw new RuleSpecException("Invalid version " + org.openrom.core.SafeText.excerpt(version.get()) + " of rule '"
                    + id + "': expected digits, such as 1");
        }
        if (!Checks.isId(id)) {
            throw new RuleSpecException("Invalid rule id " + org.openrom.core.SafeText.excerpt(id) + ": expected lower-case letters, digits, '-' or '_'");
        }
        Objects.requireNonNull(parameters, "parameters");
        for (String k : parameters.keySet()) {
            if (!Checks.isId(k)) {
                throw new RuleSpecException("Invalid parameter name " + org.openrom.core.SafeText.excerpt(k) + " in rule '" + id + "'");
            }
        }
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(parameters, "parameters")));
    }

    /**
     * A spec of the newest installed version.
     *
     * @param id the rule id
     * @param parameters key → value
     */
    public RuleSpec(String id, SortedMap<String, Value> parameters) {
        this(id, parameters, Optional.empty());
    }

    /**
     * @param id a rule id
     * @param params key → atom text
     * @return a spec with atom parameters
     */
    public static RuleSpec of(String id, Map<String, String> params) {
        java.util.Objects.requireNonNull(params, "params");
        TreeMap<String, Value> m = new TreeMap<>();
        params.forEach((k, v) -> m.put(k, new Atom(v)));
        return new RuleSpec(id, m);
    }

    /**
     * Parses the text form.
     *
     * @param text e.g. {@code deterioration-or-no-change:run=3}
     * @return the spec
     * @throws RuleSpecException naming the position and what was expected
     */
    public static RuleSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        Parser p = new Parser(text);
        RuleSpec spec = p.spec(0);
        p.skipWs();
        if (!p.atEnd()) {
            throw p.error("end of the spec");
        }
        return spec;
    }

    /** @return the canonical text: parameters sorted by key */
    @Override
    public String toString() {
        String head = version.map(v -> id + "@" + v).orElse(id);
        if (parameters.isEmpty()) {
            return head;
        }
        StringBuilder sb = new StringBuilder(head).append(':');
        boolean first = true;
        for (Map.Entry<String, Value> e : parameters.entrySet()) {
            sb.append(first ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return sb.toString();
    }

    private static final class Parser {
        private static final int MAX_DEPTH = 16;
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        void skipWs() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        RuleSpecException error(String expected) {
            String found = atEnd() ? "the end" : org.openrom.core.SafeText.excerpt(String.valueOf(s.charAt(i)));
            return new RuleSpecException("Cannot parse rule spec " + org.openrom.core.SafeText.excerpt(s) + " at position " + (i + 1) + ": found "
                    + found + ", expected " + expected);
        }

        String name(String what) {
            skipWs();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '_')) {
                i++;
            }
            String n = s.substring(start, i);
            if (!Checks.isId(n)) {
                i = start;
                throw error(what + " (lower-case letters, digits, '-' or '_')");
            }
            return n;
        }

        RuleSpec spec(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("at most " + MAX_DEPTH + " levels of nested rules");
            }
            String id = name("a rule id");
            TreeMap<String, Value> params = new TreeMap<>();
            skipWs();
            Optional<String> version = Optional.empty();
            if (!atEnd() && s.charAt(i) == '@') {
                i++;
                skipWs();
                int start = i;
                while (i < s.length() && (s.charAt(i) >= '0' && s.charAt(i) <= '9' || s.charAt(i) == '.')) {
                    i++;
                }
                if (!s.substring(start, i).matches(RuleRegistry.VERSION)) {
                    i = start;
                    throw error("a version after '@' (numbers separated by dots, such as 1 or 2.1)");
                }
                version = Optional.of(s.substring(start, i));
                skipWs();
            }
            if (!atEnd() && s.charAt(i) == ':') {
                i++;
                do {
                    String key = name("a parameter name");
                    skipWs();
                    if (atEnd() || s.charAt(i) != '=') {
                        throw error("'=' after parameter '" + key + "'");
                    }
                    i++;
                    Value v = value(depth);
                    if (params.put(key, v) != null) {
                        throw new RuleSpecException("Parameter '" + key + "' given twice in rule spec " + org.openrom.core.SafeText.excerpt(s));
                    }
                    skipWs();
                } while (!atEnd() && s.charAt(i) == ',' && ++i > 0);
            }
            return new RuleSpec(id, params, version);
        }

        Value value(int depth) {
            skipWs();
            if (!atEnd() && s.charAt(i) == '(') {
                i++;
                List<RuleSpec> list = new ArrayList<>();
                do {
                    list.add(spec(depth + 1));
                    skipWs();
                } while (!atEnd() && s.charAt(i) == ';' && ++i > 0);
                if (atEnd() || s.charAt(i) != ')') {
                    throw error("';' or ')' in a nested rule list");
                }
                i++;
                return new Specs(list);
            }
            int start = i;
            while (i < s.length() && Atom.allowed(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw error("a value");
            }
            return new Atom(s.substring(start, i));
        }
    }
}
