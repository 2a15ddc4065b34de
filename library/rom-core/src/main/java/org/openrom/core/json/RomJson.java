package org.openrom.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;
import org.openrom.core.internal.Json;

/**
 * The one place where OpenROM configures Jackson, hardened for untrusted input.
 *
 * <p>Limits (Jackson {@code StreamReadConstraints}): documents up to {@value #MAX_DOCUMENT_LENGTH} characters,
 * nesting up to {@value #MAX_NESTING_DEPTH} levels, strings up to {@value #MAX_STRING_LENGTH} characters,
 * numbers up to {@value #MAX_NUMBER_LENGTH} digits. Unknown properties, nulls for primitives, duplicate
 * keys, trailing tokens and non-numeric numbers (NaN) are rejected; no default typing is ever enabled.
 * Every failure surfaces as a {@link DataFormatException} (with line and column) or as the
 * {@link RomException} a value's validation raised.
 */
public final class RomJson {
    /** Largest accepted document, in characters (64 MiB). */
    public static final long MAX_DOCUMENT_LENGTH = Json.MAX_DOCUMENT_LENGTH;
    /** Deepest accepted nesting. */
    public static final int MAX_NESTING_DEPTH = Json.MAX_NESTING_DEPTH;
    /** Longest accepted string value. */
    public static final int MAX_STRING_LENGTH = Json.MAX_STRING_LENGTH;
    /** Longest accepted number literal. */
    public static final int MAX_NUMBER_LENGTH = Json.MAX_NUMBER_LENGTH;

    private static final ObjectMapper MAPPER = newMapper();

    private RomJson() {
    }

    /**
     * A new hardened mapper with the {@link RomModule} registered. Configure it further only by
     * tightening; the shared instance behind {@link #read} and {@link #write} is not exposed.
     *
     * @return a fresh mapper
     */
    public static ObjectMapper newMapper() {
        return Json.builder().addModule(new RomModule()).build();
    }

    /**
     * Reads a value of any type the {@link RomModule} knows.
     *
     * @param json the document
     * @param type the value type, e.g. {@code Administration.class}
     * @param <T> the type
     * @return the value
     * @throws DataFormatException for malformed JSON; the value's own {@link RomException} when invalid
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return nonNull(MAPPER.readValue(json, type), "<input>", type);
        } catch (IOException e) {
            throw translate("<input>", e);
        }
    }

    private static <T> T nonNull(T value, String source, Class<T> type) {
        if (value == null) {
            throw new DataFormatException(source, 0, 0, "got null, expected a JSON value of " + type.getSimpleName(), null);
        }
        return value;
    }

    /**
     * Reads a value from a stream (not closed).
     *
     * @param in the stream, UTF-8
     * @param source a name for messages (file name)
     * @param type the value type
     * @param <T> the type
     * @return the value
     */
    public static <T> T read(InputStream in, String source, Class<T> type) {
        try {
            return nonNull(MAPPER.readValue(in, type), source, type);
        } catch (IOException e) {
            throw translate(source, e);
        }
    }

    /**
     * Reads a document into a tree under the same limits.
     *
     * @param json the document
     * @param source a name for messages
     * @return the tree
     */
    public static JsonNode readTree(String json, String source) {
        return Json.readTree(json, source);
    }

    /**
     * Reads a document from a stream into a tree.
     *
     * @param in the stream (not closed)
     * @param source a name for messages
     * @return the tree
     */
    public static JsonNode readTree(InputStream in, String source) {
        return Json.readTree(in, source);
    }

    /**
     * Converts a tree into a value.
     *
     * @param tree the tree
     * @param type the type
     * @param <T> the type
     * @return the value
     */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return nonNull(MAPPER.treeToValue(tree, type), "<tree>", type);
        } catch (IOException e) {
            throw translate("<tree>", e);
        } catch (IllegalArgumentException e) {
            throw translate("<tree>", e);
        }
    }

    /**
     * Writes a value as compact JSON with a deterministic field order.
     *
     * @param value any value the {@link RomModule} knows
     * @return the JSON text
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a value as a tree.
     *
     * @param value the value
     * @return the tree
     */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Maps a Jackson failure to OpenROM's exceptions: a {@link RomException} raised while building a
     * value is rethrown as it is; anything else becomes a {@link DataFormatException} with position and
     * JSON path (quoted input is replaced by its length: it may be a patient's free text).
     *
     * @param source the input name
     * @param e the failure
     * @return the exception to throw
     */
    public static RomException translate(String source, Exception e) {
        return Json.translate(source, e);
    }
}
