package org.openrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.CriticalItem;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Administration;

/**
 * The critical answers of a cohort file, each record read on its own ({@link CohortInput#checkCriticalAnswers}): no
 * record depends on another, so a record that does not read is counted and the check goes on. An answer is alerted
 * by the instrument's critical items exactly as when the administration is scored; an answer outside the item's
 * response scale is not read (it has no meaning) and counts as unreadable. A record whose occasion or date does not
 * read still alerts, with occasion -1 or no date. Each alert is delivered once (a repeated row repeats none).
 */
final class CriticalScan {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InstrumentRegistry instruments;
    private final Consumer<SafetyAlert> sink;
    private final Set<String> delivered = new HashSet<>();
    private long records;
    private long unreadable;
    private long firstUnreadable = -1;
    private long stoppedAt = -1;

    CriticalScan(InstrumentRegistry instruments, Consumer<SafetyAlert> sink) {
        this.instruments = instruments;
        this.sink = sink;
    }

    /** @param format the file's format (a built-in one) */
    CriticalCheck file(CohortInput.Format format, Path file, String name, Map<String, Integer> columns)
            throws IOException {
        if (format == CohortInput.Format.SCORES) {
            return new CriticalCheck(0, 0, OptionalLong.empty(), OptionalLong.empty(), true); // no answers in it
        }
        try (GuardedReader g = new GuardedReader(file, name)) {
            return format == CohortInput.Format.JSONL ? jsonLines(g) : csv(g, columns);
        }
    }

    private CriticalCheck csv(GuardedReader in, Map<String, Integer> columns) throws IOException {
        CsvRecords rec = new CsvRecords();
        long last = 1;
        try (CsvReader<CsvRecords> csv = CsvRecords.reader(in, rec)) {
            Iterator<CsvRecords> it = csv.iterator();
            boolean header = true;
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    it.next();
                } catch (RuntimeException e) {
                    // a malformed quote or bytes that are not UTF-8: the tokenizer cannot find the next record
                    if (!(e instanceof UncheckedIOException || e instanceof DataFormatException
                            || e instanceof de.siegmar.fastcsv.reader.CsvParseException)) {
                        throw e;
                    }
                    stoppedAt = last + (header ? 0 : 1);
                    break;
                }
                last = rec.line();
                if (header) {
                    rec.want(CsvRows.slots(columns));
                    header = false;
                    continue;
                }
                records++;
                if (!csvRow(rec)) {
                    unread(rec.line());
                }
            }
        }
        return result(false);
    }

    /** @return false when the row could not be checked */
    private boolean csvRow(CsvRecords rec) {
        int[] slots = {CsvRows.PATIENT, CsvRows.INSTRUMENT, CsvRows.ITEM, CsvRows.VALUE};
        for (int s : slots) {
            if (!rec.has(s)) {
                return false;
            }
        }
        Optional<Instrument> ins = instruments.find(rec.string(CsvRows.INSTRUMENT));
        if (ins.isEmpty()) {
            return false;
        }
        Optional<Item> item = ins.get().item(rec.string(CsvRows.ITEM));
        if (item.isEmpty()) {
            return false;
        }
        CriticalItem critical = critical(ins.get(), item.get().id());
        if (critical == null) {
            return true; // no critical answer can be in this row, whatever else it holds
        }
        String patient = patient(rec.string(CsvRows.PATIENT));
        if (patient == null) {
            return false;
        }
        OptionalInt value;
        if (rec.length(CsvRows.VALUE) == 0) {
            value = OptionalInt.empty();
        } else {
            long n = rec.digits(CsvRows.VALUE, 9, true);
            if (n == Long.MIN_VALUE || !item.get().scale().contains((int) n)) {
                return false;
            }
            value = OptionalInt.of((int) n);
        }
        long occasion = rec.has(CsvRows.OCCASION) ? rec.digits(CsvRows.OCCASION, 9, false) : Long.MIN_VALUE;
        Optional<LocalDate> date = rec.has(CsvRows.DATE) ? date(rec.string(CsvRows.DATE)) : Optional.empty();
        alert(patient, ins.get(), critical, occasion == Long.MIN_VALUE ? -1 : (int) occasion, date, value);
        return true;
    }

    private CriticalCheck jsonLines(GuardedReader in) throws IOException {
        try (BufferedReader r = new BufferedReader(in)) {
            long lineNo = 0;
            while (true) {
                String line;
                try {
                    line = r.readLine();
                } catch (DataFormatException e) {
                    stoppedAt = lineNo + 1;
                    break;
                }
                if (line == null) {
                    break;
                }
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                records++;
                if (!jsonLine(line)) {
                    unread(lineNo);
                }
            }
        }
        return result(true);
    }

    /** @return false when the line could not be checked */
    private boolean jsonLine(String line) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (IOException e) {
            return false;
        }
        if (o == null || !o.isObject() || !o.path("instrumentId").isTextual()) {
            return false;
        }
        Optional<Instrument> ins = instruments.find(o.get("instrumentId").asText());
        if (ins.isEmpty()) {
            return false;
        }
        if (ins.get().criticalItems().isEmpty()) {
            return true;
        }
        String patient = patient(o.path("patientId").isTextual() ? o.get("patientId").asText() : null);
        JsonNode answers = o.path("answers");
        if (patient == null || !(answers.isObject() || answers.isMissingNode() || answers.isNull())) {
            return false;
        }
        int occasion = o.path("occasion").canConvertToInt() && o.path("occasion").isIntegralNumber()
                && o.get("occasion").asInt() >= 0 ? o.get("occasion").asInt() : -1;
        Optional<LocalDate> date = o.path("date").isTextual() ? date(o.get("date").asText()) : Optional.empty();
        boolean readable = true;
        for (CriticalItem c : ins.get().criticalItems()) {
            JsonNode v = answers.path(c.itemId());
            Item item = ins.get().item(c.itemId()).orElseThrow();
            if (v.isMissingNode() || v.isNull()) {
                alert(patient, ins.get(), c, occasion, date, OptionalInt.empty());
            } else if (v.isIntegralNumber() && v.canConvertToInt() && item.scale().contains(v.asInt())) {
                alert(patient, ins.get(), c, occasion, date, OptionalInt.of(v.asInt()));
            } else {
                readable = false;
            }
        }
        return readable;
    }

    private void alert(String patient, Instrument ins, CriticalItem c, int occasion, Optional<LocalDate> date,
            OptionalInt value) {
        SafetyAlert a;
        if (value.isPresent()) {
            if (!c.alerts(value.getAsInt())) {
                return;
            }
            a = new SafetyAlert(patient, ins.id(), occasion, date, c.itemId(), value, c.severity(), c.code());
        } else if (c.unanswered().isPresent()) {
            a = new SafetyAlert(patient, ins.id(), occasion, date, c.itemId(), value, c.unanswered().get().severity(),
                    c.unanswered().get().code());
        } else {
            return;
        }
        if (delivered.add(patient.length() + ":" + patient + a.id())) {
            sink.accept(a);
        }
    }

    private static CriticalItem critical(Instrument ins, String itemId) {
        for (CriticalItem c : ins.criticalItems()) {
            if (c.itemId().equals(itemId)) {
                return c;
            }
        }
        return null;
    }

    private static String patient(String raw) {
        if (raw == null) {
            return null;
        }
        String id = Administration.normalizeId(raw);
        return Administration.isValidId(id) ? id : null;
    }

    private static Optional<LocalDate> date(String s) {
        try {
            return s.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private void unread(long line) {
        unreadable++;
        if (firstUnreadable < 0) {
            firstUnreadable = line;
        }
    }

    private CriticalCheck result(boolean absentItemsChecked) {
        return new CriticalCheck(records, unreadable, firstUnreadable < 0 ? OptionalLong.empty()
                : OptionalLong.of(firstUnreadable), stoppedAt < 0 ? OptionalLong.empty() : OptionalLong.of(stoppedAt),
                absentItemsChecked);
    }
}
