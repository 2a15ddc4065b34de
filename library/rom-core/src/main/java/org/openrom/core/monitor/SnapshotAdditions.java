package org.openrom.core.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;
import org.openrom.core.track.TrackStatus;

/**
 * What version 3 added to a patient record of a monitor snapshot ({@link MonitorSnapshots}): the patient's alerts, the
 * latest occasion seen, and each rule's Not On Track run.
 */
final class SnapshotAdditions {
    private SnapshotAdditions() {
    }

    static void write(JsonGenerator g, List<org.openrom.core.safety.TrackedAlert> alerts) throws IOException {
        g.writeArrayFieldStart("alerts");
        for (org.openrom.core.safety.TrackedAlert t : alerts) {
            org.openrom.core.safety.SafetyAlert a = t.alert();
            g.writeStartObject();
            g.writeStringField("instrument", a.instrumentId());
            g.writeStringField("item", a.itemId());
            g.writeNumberField("occasion", a.occasion());
            if (a.date().isPresent()) {
                g.writeStringField("date", a.date().get().toString());
            }
            if (a.value().isPresent()) {
                g.writeNumberField("value", a.value().getAsInt());
            }
            g.writeStringField("severity", a.severity().code());
            g.writeStringField("code", a.code());
            if (t.acknowledgement().isPresent()) {
                org.openrom.core.safety.Acknowledgement k = t.acknowledgement().get();
                g.writeObjectFieldStart("ack");
                g.writeStringField("by", k.by());
                g.writeStringField("at", k.at().toString());
                if (k.action().isPresent()) {
                    g.writeStringField("action", k.action().get());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The patient's alerts: each a valid alert of a known instrument's critical item, each once. */
    static void read(OutcomeMonitor m, PatientState s, String patient, JsonNode alerts, long line) {
        if (!alerts.isArray() || alerts.isEmpty()) {
            throw MonitorSnapshots.bad(line, "alerts", "expected a non-empty array (omit it when the patient has no alert)");
        }
        for (int i = 0; i < alerts.size(); i++) {
            String path = "alerts[" + i + "]";
            JsonNode o = alerts.get(i);
            MonitorSnapshots.keys(o, line, path, Set.of("instrument", "item", "occasion", "severity", "code"), Set.of("date", "value", "ack"));
            org.openrom.core.safety.TrackedAlert t;
            try {
                String instrument = MonitorSnapshots.text(o, "instrument", line, path);
                String item = MonitorSnapshots.text(o, "item", line, path);
                if (m.instruments().find(instrument).isEmpty()
                        || m.instruments().get(instrument).criticalItems().stream().noneMatch(c -> c.itemId().equals(item))) {
                    throw MonitorSnapshots.bad(line, path, "not a critical item of an installed instrument");
                }
                JsonNode value = o.get("value");
                if (value != null && !value.isInt()) {
                    throw MonitorSnapshots.bad(line, path + ".value", "expected an integer, got " + MonitorSnapshots.shape(value));
                }
                java.util.Optional<java.time.LocalDate> date = o.has("date")
                        ? java.util.Optional.of(java.time.LocalDate.parse(MonitorSnapshots.text(o, "date", line, path)))
                        : java.util.Optional.empty();
                org.openrom.core.safety.SafetyAlert a = new org.openrom.core.safety.SafetyAlert(patient, instrument,
                        MonitorSnapshots.integer(o.get("occasion"), -1, line, path + ".occasion"), date, item,
                        value == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(value.intValue()),
                        org.openrom.core.safety.Severity.of(MonitorSnapshots.text(o, "severity", line, path)), MonitorSnapshots.text(o, "code", line, path));
                java.util.Optional<org.openrom.core.safety.Acknowledgement> ack = java.util.Optional.empty();
                if (o.has("ack")) {
                    JsonNode k = o.get("ack");
                    MonitorSnapshots.keys(k, line, path + ".ack", Set.of("by", "at"), Set.of("action"));
                    ack = java.util.Optional.of(new org.openrom.core.safety.Acknowledgement(a.id(),
                            MonitorSnapshots.text(k, "by", line, path + ".ack"), java.time.Instant.parse(MonitorSnapshots.text(k, "at", line, path + ".ack")),
                            k.has("action") ? java.util.Optional.of(MonitorSnapshots.text(k, "action", line, path + ".ack"))
                                    : java.util.Optional.empty()));
                }
                t = new org.openrom.core.safety.TrackedAlert(a, ack);
            } catch (RomException | IllegalArgumentException | java.time.DateTimeException e) {
                if (e instanceof DataFormatException d && d.getMessage().contains(path)) {
                    throw d;
                }
                throw MonitorSnapshots.bad(line, path, "not a valid alert (" + e.getClass().getSimpleName() + ")");
            }
            if (s.alerts == null) {
                s.alerts = new java.util.ArrayList<>();
            }
            String id = t.alert().id();
            if (s.alerts.stream().anyMatch(x -> x.alert().id().equals(id))) {
                throw MonitorSnapshots.bad(line, path, "the alert " + id + " is repeated");
            }
            s.alerts.add(t);
        }
    }

    /** @return the latest occasion the recorded scales and the kept history show: "seen" is written only when it differs */
    static int seenByDefault(PatientState s) {
        int seen = -1;
        for (int v : s.lastOccasion) {
            seen = Math.max(seen, v);
        }
        return s.history == null || s.history.isEmpty() ? seen : Math.max(seen, s.history.lastOccasion());
    }

    /** The Not On Track run: present exactly when the last status is NOT; a version 2 record's NOT counts as new. */
    static void readNotRun(PatientState s, int r, JsonNode o, long line, String path) {
        boolean not = s.status[r] == TrackStatus.NOT_ON_TRACK;
        if (o.has("notRun") != o.has("notSince") || o.has("notRun") && !not) {
            throw MonitorSnapshots.bad(line, path + ".notRun", "notRun and notSince are written together, exactly when the status is "
                    + "NOT_ON_TRACK");
        }
        if (!not) {
            return;
        }
        if (!o.has("notRun")) {
            s.notRun[r] = 1;
            s.notSince[r] = s.lastAssessed[r];
            return;
        }
        int run = MonitorSnapshots.integer(o.get("notRun"), 1, line, path + ".notRun");
        int since = MonitorSnapshots.integer(o.get("notSince"), 0, line, path + ".notSince");
        if (run > s.assessed[r] || since > s.lastAssessed[r] || run == 1 && since != s.lastAssessed[r]) {
            throw MonitorSnapshots.bad(line, path + ".notRun", run + " NOT assessment(s) in a row since " + since + " are impossible with "
                    + s.assessed[r] + " assessment(s), the last at " + s.lastAssessed[r]);
        }
        s.notRun[r] = run;
        s.notSince[r] = since;
    }
}
