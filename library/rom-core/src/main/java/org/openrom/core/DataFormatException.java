package org.openrom.core;

import java.util.Optional;

/**
 * Input that cannot be read: malformed JSON, a bad CSV row, a corrupted snapshot.
 * Carries the source, line and column where known.
 */
public class DataFormatException extends RomException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
    private final long column;

    /**
     * @param source the file or stream name ({@code <input>} when unnamed)
     * @param line 1-based line, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @param message what is wrong and what was expected
     * @param cause the parser's exception, or null
     */
    public DataFormatException(String source, long line, long column, String message, Throwable cause) {
        super(source + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message, cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** @return the source name */
    public String source() {
        return source;
    }

    /** @return the 1-based line, if known */
    public Optional<Long> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }

    /** @return the 1-based column, if known */
    public Optional<Long> column() {
        return column > 0 ? Optional.of(column) : Optional.empty();
    }
}
