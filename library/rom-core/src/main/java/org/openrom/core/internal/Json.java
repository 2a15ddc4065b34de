package org.openrom.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;

/**
 * The hardened Jackson configuration and tree reading, without any codec: what every package of rom-core may use
 * without depending on {@code org.openrom.core.json} (which depends on them). Not API: use
 * {@code org.openrom.core.json.RomJson}.
 */
public final class Json {
    /** Largest accepted document, in characters (64 MiB). */
    public static final long MAX_DOCUMENT_LENGTH = 64L * 1024 * 1024;
    /** Deepest accepted nesting. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest accepted string value. */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;
    /** Longest accepted number literal. */
    public static final int MAX_NUMBER_LENGTH = 64;

    private static final ObjectMapper PLAIN = builder().build();

    private Json() {
    }

    /** @return a mapper builder with every hardening applied and no module registered */
    public static JsonMapper.Builder builder() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
    }

    /** @return the shared plain mapper (trees only) */
    public static ObjectMapper plain() {
        return PLAIN;
    }

    /**
     * @param json the document
     * @param source a name for messages
     * @return the tree
     */
    public static JsonNode readTree(String json, String source) {
        try {
            JsonNode n = PLAIN.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new DataFormatException(source, 0, 0, "empty document, expected JSON", null);
            }
            return n;
        } catch (IOException e) {
            throw translate(source, e);
        }
    }

    /**
     * Reads a JSON document shipped as a resource next to {@code owner}.
     *
     * @param owner the class whose package holds the resource
     * @param name the resource's name
     * @return the document
     * @throws java.io.UncheckedIOException when the resource cannot be read
     * @throws DataFormatException when it is not JSON, or is missing
     */
    public static JsonNode readResource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new DataFormatException(name, 0, 0, "no such resource next to " + owner.getName(), null);
            }
            return readTree(in, name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param in the stream (not closed)
     * @param source a name for messages
     * @return the tree
     */
    public static JsonNode readTree(InputStream in, String source) {
        try {
            JsonNode n = PLAIN.readTree(in);
            if (n == null || n.isMissingNode()) {
                throw new DataFormatException(source, 0, 0, "empty document, expected JSON", null);
            }
            return n;
        } catch (IOException e) {
            throw translate(source, e);
        }
    }

    /**
     * Jackson's messages quote the offending input (a token, a field name, a string value), which may be a
     * patient's free text: keep the first line, replace every quoted segment by its length (JSON keywords
     * stay), and bound the length.
     */
    public static String withoutQuotedInput(String msg) {
        // messages about a key quote the key, which is schema rather than free text when it looks like an identifier
        boolean aboutKey = msg.startsWith("Duplicate field") || msg.startsWith("Unrecognized field")
                || msg.startsWith("Missing required creator property") || msg.startsWith("Null value for creator property");
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl);
        }
        StringBuilder out = new StringBuilder(Math.min(msg.length(), 300));
        int i = 0;
        while (i < msg.length() && out.length() < 300) {
            char c = msg.charAt(i);
            int close = c == '\'' || c == '"' ? msg.indexOf(c, i + 1) : -1;
            if (close < 0) {
                out.append(c < 0x20 || c == 0x7f ? '?' : c);
                i++;
                continue;
            }
            String quoted = msg.substring(i + 1, close);
            if (quoted.equals("null") || quoted.equals("true") || quoted.equals("false")
                    || aboutKey && quoted.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
                out.append(c).append(quoted).append(c);
            } else {
                out.append("<input of ").append(quoted.length()).append(quoted.length() == 1 ? " character>" : " characters>");
            }
            i = close + 1;
        }
        if (i < msg.length()) {
            out.append('…');
        }
        return out.toString();
    }

    /** A JSON path keeps field names that look like identifiers; any other quoted key becomes its length. */
    private static String keysOnly(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("(?=\\[)|(?<=\\])")) {
            if (part.startsWith("[\"") && part.endsWith("\"]")) {
                String key = part.substring(2, part.length() - 2);
                out.append(key.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}") ? part : "[<key of " + key.length() + " characters>]");
            } else {
                out.append(part);
            }
        }
        return out.length() > 300 ? out.substring(0, 300) + "…" : out.toString();
    }

    /**
     * Maps a Jackson failure to OpenROM's exceptions: a {@link RomException} raised while building a
     * value is rethrown as it is; anything else becomes a {@link DataFormatException} with position and
     * JSON path.
     *
     * @param source the input name
     * @param e the failure
     * @return the exception to throw
     */
    public static RomException translate(String source, Exception e) {
        java.util.Objects.requireNonNull(e, "e");
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RomException) {
                return (RomException) t;
            }
        }
        long line = 0;
        long column = 0;
        String path = "";
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof JsonProcessingException) {
            JsonProcessingException jpe = (JsonProcessingException) e;
            JsonLocation loc = jpe.getLocation();
            if (loc != null) {
                line = Math.max(0, loc.getLineNr());
                column = Math.max(0, loc.getColumnNr());
            }
            msg = jpe.getOriginalMessage();
            if (e instanceof JsonMappingException) {
                path = keysOnly(((JsonMappingException) e).getPathReference());
            }
        }
        msg = withoutQuotedInput(msg);
        return new DataFormatException(source, line, column, (path.isEmpty() ? "" : "at " + path + ": ") + msg, e);
    }
}
