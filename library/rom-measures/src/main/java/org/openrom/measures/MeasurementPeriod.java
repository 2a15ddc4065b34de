package org.openrom.measures;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;

/**
 * The period a measure reports on, whole days from {@code start} to {@code end} inclusive (CMS159's "Measurement
 * Period", a calendar year by default).
 *
 * @param start the first day
 * @param end the last day (not before {@code start})
 */
public record MeasurementPeriod(LocalDate start, LocalDate end) {
    /** Validates. */
    public MeasurementPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new ValidationException("measurement period", "end", end.toString(), "a day on or after start ("
                    + start + ")");
        }
    }

    /**
     * @param text {@code yyyy-mm-dd..yyyy-mm-dd}, or a calendar year {@code yyyy}
     * @return the period
     * @throws ValidationException when the text is not two ISO dates joined by {@code ..} nor a year, or ends before
     *     it starts
     */
    public static MeasurementPeriod parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.matches("[0-9]{4}")) {
            return year(Integer.parseInt(text));
        }
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw new ValidationException("measurement period", "period", SafeText.show(text),
                    "two ISO dates joined by '..' (2025-01-01..2025-12-31), or a year (2025)");
        }
        return new MeasurementPeriod(date(text.substring(0, dots).trim(), "start"),
                date(text.substring(dots + 2).trim(), "end"));
    }

    /** @return the calendar year {@code year} */
    public static MeasurementPeriod year(int year) {
        return new MeasurementPeriod(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    private static LocalDate date(String s, String field) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new ValidationException("measurement period", field, SafeText.show(s), "an ISO date (yyyy-mm-dd)");
        }
    }

    @Override
    public String toString() {
        return start + ".." + end;
    }
}
