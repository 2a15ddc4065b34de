package org.openrom.core;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** An id (instrument, scale, item, rule, theme…) that is not known; the message lists the known ones. */
public class UnknownIdException extends RomException {
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
        super("Unknown " + kind + " '" + id + "'; known: " + String.join(", ", new TreeSet<>(known)));
        this.kind = kind;
        this.id = id;
        this.known = List.copyOf(new TreeSet<>(known));
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
