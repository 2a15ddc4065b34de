package org.openrom.cli.io;

/**
 * Text cells for CSV files that people open in spreadsheets: a cell that starts with {@code = + - @}, a tab or a
 * carriage return would be read as a formula (CSV injection, OWASP), so it is prefixed with an apostrophe, which
 * spreadsheets show as text and hide. Numbers are written as numbers and never pass through here.
 */
public final class CsvCells {
    private CsvCells() {
    }

    /**
     * @param text a text cell (an id, a label)
     * @return the text, neutralised when a spreadsheet would evaluate it
     */
    public static String text(String text) {
        if (!text.isEmpty()) {
            char c = text.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                return "'" + text;
            }
        }
        return text;
    }
}
