package org.openrom.core;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An id (instrument, scale, item, rule, theme…) that is not known; the message lists the first
 * {@value #MESSAGE_LIMIT} known ones and counts the rest ({@link #known()} has them all).
 */
public class UnknownIdException extends RomException {
    /** How many known ids the message lists. */
    public static final int MESSAGE_LIMIT = 20;
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String id;
    private final transient List<String> known;

    /**
     * @param kind what kind of id, e.g. {@code instrument}
     * @param id the unknown id
     * @param known the ids that would have been accepted
     */
    public UnknownIdException(String kind, String id, Collection<String> known) {
        super("Unknown " + kind + " " + SafeText.show(id) + "; known: " + listed(Objects.requireNonNull(known, "known")));
        this.kind = kind;
        this.id = id;
        this.known = List.copyOf(new TreeSet<>(known));
    }

    private static String listed(Collection<String> known) {
        List<String> all = List.copyOf(new TreeSet<>(known));
        if (all.isEmpty()) {
            return "none (nothing of this kind is registered)";
        }
        String head = String.join(", ", all.subList(0, Math.min(MESSAGE_LIMIT, all.size())));
        return all.size() > MESSAGE_LIMIT ? head + ", … (" + all.size() + " in all)" : head;
    }

    /** @return the kind of id, e.g. {@code instrument} */
    public String kind() {
        return kind;
    }

    /** @return the id that was not found */
    public String id() {
        return id;
    }

    /** @return the accepted ids, sorted */
    public List<String> known() {
        return known;
    }
}
