package org.openrom.core.monitor;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;
import org.openrom.core.instrument.Scale;
import org.openrom.core.internal.Checks;
import org.openrom.core.internal.Json;
import org.openrom.core.internal.codec.ScoreCodecs;
import org.openrom.core.internal.codec.TrackCodecs;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;

/**
 * The monitor's snapshot codec. A snapshot is UTF-8 JSON Lines, every line ending in {@code \n}:
 * <pre>
 * {"format":"openrom-monitor-snapshot","version":3,"rules":[{"spec":…,"version":…}…],"scales":[…]}
 * {"patient":"p-17","last":[3,-1],"rules":[{"assessed":4,"lastAssessed":3,"status":"ON_TRACK","state":[…]}…]}
 * …one line per patient, sorted by id…
 * {"end":{"patients":N,"sha256":"…"}}
 * </pre>
 * {@code last} holds the last recorded occasion per monitored scale (-1: none); per rule, {@code assessed}
 * counts its assessments, {@code lastAssessed} is the last assessed occasion, {@code status} the last status
 * (absent before the first assessment), {@code state} the rule's own encoding, and {@code pending} (multi-scale
 * rules only, absent when empty) the occasions where some of its scales have arrived:
 * {@code [{"occasion":5,"values":[12.0,null]}]}. {@code alerts} (version 3, absent when the patient has none) holds the
 * patient's safety alerts with their acknowledgements:
 * {@code [{"instrument":"phq9","item":"q9","occasion":4,"date":"2026-03-02","value":2,"severity":"high",
 * "code":"phq9-self-harm","ack":{"by":"c-17","at":"2026-03-02T10:15:00Z","action":"called-patient"}}]}
 * ({@code date}, {@code value}, {@code ack} and {@code action} when present). The digest is SHA-256 over every byte
 * before the trailer. Version 2 snapshots (no alerts) are read too.
 *
 * <p>Reading is strict: the digest must match, every key is required or known-optional and of its exact JSON
 * type, patient ids must be ids an {@link org.openrom.core.score.Administration} accepts and in strictly
 * increasing order, and every counter, occasion and pending value must be possible for this monitor's
 * rules and scales; each rule checks its own state against the counters
 * ({@link TrackRule#restore(double[], TrackRule.Consumed)}). Each line is bounded by
 * 64 MiB; the number of lines is not.
 */
final class MonitorSnapshots {
    static final String FORMAT = "openrom-monitor-snapshot";
    static final int VERSION = 3;
    /** The older version this code still reads: the same records without alerts. */
    static final int READS_ALSO = 2;
    static final String SOURCE = "snapshot";
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.builder().build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final HexFormat HEX = HexFormat.of();

    private MonitorSnapshots() {
    }

    // ---------------------------------------------------------------- writing

    static void write(OutcomeMonitor m, Map<String, PatientState> patients, OutputStream target) {
        MessageDigest sha = sha256();
        try {
            DigestOutputStream digesting = new DigestOutputStream(new SnapshotStreams.NoCloseOutputStream(target), sha);
            JsonGenerator g = FACTORY.createGenerator(digesting, JsonEncoding.UTF8);
            g.setRootValueSeparator(null); // records are separated by the line breaks written below
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("rules");
            for (TrackRule r : m.rules()) {
                g.writeStartObject();
                g.writeStringField("spec", r.ref().spec());
                g.writeStringField("version", r.ref().version());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("scales");
            for (String s : m.scaleIds()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeNumberField("history", m.historyOccasions());
            g.writeEndObject();
            g.writeRaw('\n');
            String[] ids = patients.keySet().toArray(new String[0]);
            Arrays.sort(ids);
            for (String id : ids) {
                writePatient(g, id, patients.get(id));
            }
            g.flush();
            digesting.on(false);
            g.writeStartObject();
            g.writeObjectFieldStart("end");
            g.writeNumberField("patients", ids.length);
            g.writeStringField("sha256", HEX.formatHex(sha.digest()));
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
            g.close();
            target.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the monitor snapshot failed", e);
        }
    }

    private static void writePatient(JsonGenerator g, String id, PatientState s) throws IOException {
        g.writeStartObject();
        g.writeStringField("patient", id);
        if (s.groupId != null) {
            g.writeStringField("group", s.groupId);
        }
        if (s.lastSeen != SnapshotAdditions.seenByDefault(s)) {
            g.writeNumberField("seen", s.lastSeen);
        }
        g.writeArrayFieldStart("last");
        for (int v : s.lastOccasion) {
            g.writeNumber(v);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rules");
        for (int r = 0; r < s.states.length; r++) {
            g.writeStartObject();
            g.writeNumberField("assessed", s.assessed[r]);
            g.writeNumberField("lastAssessed", s.lastAssessed[r]);
            if (s.status[r] != null) {
                g.writeStringField("status", s.status[r].name());
            }
            if (s.notRun[r] > 0) {
                g.writeNumberField("notRun", s.notRun[r]);
                g.writeNumberField("notSince", s.notSince[r]);
            }
            g.writeArrayFieldStart("state");
            for (double d : s.states[r].save()) {
                g.writeNumber(d);
            }
            g.writeEndArray();
            PendingOccasions p = s.pending[r];
            if (p != null && p.size() > 0) {
                g.writeArrayFieldStart("pending");
                for (int i = 0; i < p.size(); i++) {
                    g.writeStartObject();
                    g.writeNumberField("occasion", p.occasion(i));
                    g.writeArrayFieldStart("values");
                    for (int j = 0; j < p.width(); j++) {
                        if (p.has(i, j)) {
                            g.writeNumber(p.value(i, j));
                        } else {
                            g.writeNull();
                        }
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (s.history != null) {
            g.writeObjectFieldStart("history");
            g.writeNumberField("from", s.historyFrom);
            g.writeNumberField("to", s.historyLast);
            g.writeArrayFieldStart("administrations");
            for (org.openrom.core.score.Administration a : s.history.administrations()) {
                g.writeTree(ScoreCodecs.administration(a));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tracks");
            for (var track : s.tracks) {
                g.writeStartArray();
                for (org.openrom.core.track.TrackAssessment a : track.asList()) {
                    g.writeTree(TrackCodecs.assessment(a));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        if (s.alerts != null && !s.alerts.isEmpty()) {
            SnapshotAdditions.write(g, s.alerts);
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    // ---------------------------------------------------------------- reading

    static ConcurrentHashMap<String, PatientState> read(OutcomeMonitor m, InputStream in) {
        MessageDigest sha = sha256();
        SnapshotStreams.LineReader lines = new SnapshotStreams.LineReader(in, sha);
        JsonNode header = lines.next("the header");
        checkHeader(m, header, lines.number());
        List<Scale> scales = m.scaleIds().stream().map(id -> m.instruments().scale(id)).toList();
        ConcurrentHashMap<String, PatientState> out = new ConcurrentHashMap<>();
        String previous = null;
        while (true) {
            byte[] digestSoFar = lines.peekDigest();
            JsonNode record = lines.next("a patient record or the trailer");
            long line = lines.number();
            if (record.isObject() && record.has("end")) {
                checkTrailer(record, line, out.size(), digestSoFar);
                lines.expectEnd();
                return out;
            }
            String id = readPatient(m, scales, record, line, out);
            if (previous != null && id.compareTo(previous) <= 0) {
                throw bad(line, "patient", "patient records must be in strictly increasing id order (a record is repeated "
                        + "or moved)");
            }
            previous = id;
        }
    }

    private static void checkHeader(OutcomeMonitor m, JsonNode h, long line) {
        if (!h.isObject() || !h.path("format").isTextual() || !h.path("format").textValue().equals(FORMAT)) {
            throw bad(line, "format", "not an OpenROM monitor snapshot (format '" + FORMAT + "' expected)");
        }
        JsonNode v = h.path("version");
        if (!v.isInt() || v.intValue() != VERSION && v.intValue() != READS_ALSO) {
            throw bad(line, "version", "snapshot version " + shape(v) + " is not supported; this OpenROM reads versions "
                    + READS_ALSO + " and " + VERSION + " (an integer)");
        }
        keys(h, line, "", Set.of("format", "version", "rules", "scales", "history"), Set.of());
        JsonNode kept = h.get("history");
        if (!kept.isInt() || kept.intValue() != m.historyOccasions()) {
            throw bad(line, "history", "the snapshot keeps " + shape(kept) + " occasions of history, this monitor "
                    + m.historyOccasions());
        }
        JsonNode rs = h.get("rules");
        List<TrackRule> rules = m.rules();
        if (!rs.isArray() || rs.size() != rules.size()) {
            throw bad(line, "rules", "the snapshot was taken with " + (rs.isArray() ? rs.size() : 0) + " rules, this monitor has "
                    + rules.size());
        }
        for (int r = 0; r < rules.size(); r++) {
            JsonNode o = rs.get(r);
            String path = "rules[" + r + "]";
            keys(o, line, path, Set.of("spec", "version"), Set.of());
            String spec = text(o, "spec", line, path);
            String version = text(o, "version", line, path);
            if (!spec.equals(rules.get(r).ref().spec()) || !version.equals(rules.get(r).ref().version())) {
                throw bad(line, path, "the snapshot's rule '" + spec + "' v" + version + " differs from this monitor's '"
                        + rules.get(r).ref().spec() + "' v" + rules.get(r).ref().version());
            }
        }
        JsonNode sc = h.get("scales");
        if (!sc.isArray() || sc.size() != m.scaleIds().size()) {
            throw bad(line, "scales", "the scale list does not match this monitor's " + m.scaleIds());
        }
        for (int i = 0; i < sc.size(); i++) {
            if (!sc.get(i).isTextual() || !sc.get(i).textValue().equals(m.scaleIds().get(i))) {
                throw bad(line, "scales[" + i + "]", "expected '" + m.scaleIds().get(i) + "'");
            }
        }
    }

    private static String readPatient(OutcomeMonitor m, List<Scale> scales, JsonNode p, long line,
            ConcurrentHashMap<String, PatientState> out) {
        keys(p, line, "", m.historyOccasions() > 0 ? Set.of("patient", "last", "rules", "history")
                : Set.of("patient", "last", "rules"), Set.of("alerts", "group", "seen"));
        JsonNode idNode = p.get("patient");
        if (!idNode.isTextual() || Checks.patientIdProblem(idNode.textValue()) != null) {
            throw bad(line, "patient", "expected a patient id ("
                    + (idNode.isTextual() ? Checks.patientIdProblem(idNode.textValue()) : "got " + shape(idNode)) + ")");
        }
        String id = idNode.textValue();
        PatientState s = m.newPatient(id);
        int[] last = s.lastOccasion;
        JsonNode lastNode = p.get("last");
        if (!lastNode.isArray() || lastNode.size() != last.length) {
            throw bad(line, "last", "expected " + last.length + " occasions, one per scale");
        }
        boolean any = false;
        for (int k = 0; k < last.length; k++) {
            last[k] = integer(lastNode.get(k), -1, line, "last[" + k + "]");
            any |= last[k] >= 0;
        }
        if (p.has("alerts")) {
            SnapshotAdditions.read(m, s, id, p.get("alerts"), line);
        }
        if (p.has("group")) {
            String g = text(p, "group", line, "");
            if (Checks.opaqueIdProblem(g) != null) {
                throw bad(line, "group", "expected a group id (" + Checks.opaqueIdProblem(g) + ")");
            }
            s.groupId = g;
        }
        if (!any && m.historyOccasions() == 0 && s.alerts == null) {
            throw bad(line, "last", "a patient without any recorded occasion or alert has no state");
        }
        JsonNode rulesNode = p.get("rules");
        List<TrackRule> rules = m.rules();
        if (!rulesNode.isArray() || rulesNode.size() != rules.size()) {
            throw bad(line, "rules", "expected " + rules.size() + " rule states");
        }
        for (int r = 0; r < rules.size(); r++) {
            readRule(m, scales, s, r, rulesNode.get(r), line, "rules[" + r + "]");
        }
        if (m.historyOccasions() > 0) {
            readHistory(m, s, p.get("history"), line);
            // a patient whose administrations no rule reads has a history and nothing else
            if (!any && s.history.isEmpty() && s.alerts == null) {
                throw bad(line, "last", "a patient with neither a recorded occasion nor a kept administration has no state");
            }
        }
        s.lastSeen = SnapshotAdditions.seenByDefault(s);
        if (p.has("seen")) {
            int seen = integer(p.get("seen"), 0, line, "seen");
            if (seen <= s.lastSeen) {
                throw bad(line, "seen", seen + " is written only when later than the recorded occasions (" + s.lastSeen + ")");
            }
            s.lastSeen = seen;
        }
        out.put(id, s);
        return id;
    }

    private static void readRule(OutcomeMonitor m, List<Scale> scales, PatientState s, int r, JsonNode o, long line,
            String path) {
        int[] rs = m.ruleScales(r);
        keys(o, line, path, Set.of("assessed", "lastAssessed", "state"), rs.length > 1
                ? Set.of("status", "pending", "notRun", "notSince") : Set.of("status", "notRun", "notSince"));
        int assessed = integer(o.get("assessed"), 0, line, path + ".assessed");
        int lastAssessed = integer(o.get("lastAssessed"), -1, line, path + ".lastAssessed");
        int minLast = Integer.MAX_VALUE;
        for (int k : rs) {
            minLast = Math.min(minLast, s.lastOccasion[k]);
        }
        if ((assessed == 0) != (lastAssessed == -1) || lastAssessed > minLast || assessed > lastAssessed + 1L
                || rs.length == 1 && lastAssessed != s.lastOccasion[rs[0]]) {
            throw bad(line, path, assessed + " assessment(s), the last at occasion " + lastAssessed
                    + ", are impossible with the recorded occasions of the rule's scales");
        }
        s.assessed[r] = assessed;
        s.lastAssessed[r] = lastAssessed;
        JsonNode st = o.get("status");
        if (st == null) {
            if (assessed > 0) {
                throw bad(line, path + ".status", "missing: the rule has made " + assessed + " assessment(s)");
            }
        } else {
            if (assessed == 0) {
                throw bad(line, path + ".status", "present although the rule has made no assessment");
            }
            s.status[r] = status(st, line, path + ".status");
        }
        SnapshotAdditions.readNotRun(s, r, o, line, path);
        JsonNode state = o.get("state");
        if (!state.isArray()) {
            throw bad(line, path + ".state", "expected an array of numbers, got " + shape(state));
        }
        double[] saved = new double[state.size()];
        for (int k = 0; k < saved.length; k++) {
            JsonNode d = state.get(k);
            if (!d.isNumber() || !Double.isFinite(d.doubleValue())) {
                throw bad(line, path + ".state[" + k + "]", "expected a finite number, got " + shape(d));
            }
            saved[k] = d.doubleValue();
        }
        TrackRule rule = m.rules().get(r);
        TrackState restored;
        try {
            restored = rule.restore(saved, new TrackRule.Consumed(assessed, lastAssessed));
        } catch (RomException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw bad(line, path + ".state", "does not fit rule " + rule.ref().id() + ": " + e.getMessage());
        }
        if (!Arrays.equals(restored.save(), saved)) {
            throw bad(line, path + ".state", "is not the canonical encoding of a state of rule " + rule.ref().id());
        }
        s.states[r] = restored;
        JsonNode pending = o.get("pending");
        if (pending != null) {
            readPending(scales, s, r, rs, pending, line, path + ".pending");
        }
    }

    private static void readPending(List<Scale> scales, PatientState s, int r, int[] rs, JsonNode pending, long line,
            String path) {
        if (!pending.isArray() || pending.isEmpty()) {
            throw bad(line, path, "expected a non-empty array (omit it when nothing is pending)");
        }
        PendingOccasions p = s.pending[r];
        int before = s.lastAssessed[r];
        for (int i = 0; i < pending.size(); i++) {
            String ep = path + "[" + i + "]";
            JsonNode e = pending.get(i);
            keys(e, line, ep, Set.of("occasion", "values"), Set.of());
            int occasion = integer(e.get("occasion"), 0, line, ep + ".occasion");
            if (occasion <= before) {
                throw bad(line, ep + ".occasion", occasion + " is not after " + before
                        + " (pending occasions increase and follow the last assessment)");
            }
            before = occasion;
            JsonNode values = e.get("values");
            if (!values.isArray() || values.size() != rs.length) {
                throw bad(line, ep + ".values", "expected " + rs.length + " values (a number or null per scale)");
            }
            int entry = p.entry(occasion);
            int present = 0;
            for (int j = 0; j < rs.length; j++) {
                JsonNode v = values.get(j);
                Scale scale = scales.get(rs[j]);
                if (v.isNull()) {
                    continue;
                }
                if (!v.isNumber() || !(v.doubleValue() >= scale.min() && v.doubleValue() <= scale.max())) {
                    throw bad(line, ep + ".values[" + j + "]", "expected null or a score of " + scale.qualifiedId() + " in ["
                            + scale.min() + ", " + scale.max() + "], got " + shape(v));
                }
                if (s.lastOccasion[rs[j]] < occasion) {
                    throw bad(line, ep + ".values[" + j + "]", "a value at occasion " + occasion + " although "
                            + scale.qualifiedId() + " was last recorded at " + s.lastOccasion[rs[j]]);
                }
                p.put(entry, j, v.doubleValue());
                present++;
            }
            if (present == 0 || present == rs.length || !p.completable(entry, s.lastOccasion, rs)) {
                throw bad(line, ep, "an occasion with " + present + " of " + rs.length
                        + " values that could still complete cannot be pending");
            }
        }
    }

    /**
     * The kept history: administrations are re-scored and appended in their order (which re-checks every order
     * rule); each rule's kept assessments must end where the rule's counters say.
     */
    private static void readHistory(OutcomeMonitor m, PatientState s, JsonNode h, long line) {
        keys(h, line, "history", Set.of("from", "to", "administrations", "tracks"), Set.of());
        s.historyFrom = integer(h.get("from"), -1, line, "history.from");
        s.historyLast = integer(h.get("to"), -1, line, "history.to");
        JsonNode adms = h.get("administrations");
        JsonNode tracks = h.get("tracks");
        if (!adms.isArray() || !tracks.isArray() || tracks.size() != m.rules().size()) {
            throw bad(line, "history", "expected administrations and " + m.rules().size() + " tracks");
        }
        org.openrom.core.history.PatientHistory history = s.history;
        for (int i = 0; i < adms.size(); i++) {
            try {
                org.openrom.core.score.Administration a = ScoreCodecs.readAdministration(adms.get(i));
                history = history.append(a, m.instruments().get(a.instrumentId()).score(a));
                if (a.occasion() < s.historyFrom || a.occasion() > s.historyLast) {
                    throw new org.openrom.core.ValidationException("administration", "occasion",
                            String.valueOf(a.occasion()), "an occasion in the kept range " + s.historyFrom + ".." + s.historyLast);
                }
            } catch (RomException e) {
                throw bad(line, "history.administrations[" + i + "]", "not a valid administration of this patient ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        s.history = history;
        for (int r = 0; r < tracks.size(); r++) {
            JsonNode t = tracks.get(r);
            String path = "history.tracks[" + r + "]";
            if (!t.isArray() || t.size() > s.assessed[r]) {
                throw bad(line, path, "expected at most " + s.assessed[r] + " assessments");
            }
            var track = org.openrom.core.internal.AppendOnly.<org.openrom.core.track.TrackAssessment>empty();
            int previous = Integer.MIN_VALUE;
            for (int i = 0; i < t.size(); i++) {
                org.openrom.core.track.TrackAssessment a;
                try {
                    a = TrackCodecs.read("assessment", t.get(i), TrackCodecs::readAssessment);
                } catch (RomException e) {
                    throw bad(line, path + "[" + i + "]", "not an assessment (" + e.getClass().getSimpleName() + ")");
                }
                if (a.occasion() <= previous || !a.rule().equals(m.rules().get(r).ref())) {
                    throw bad(line, path + "[" + i + "]", "assessments of this rule in increasing occasion order");
                }
                previous = a.occasion();
                track = track.append(a);
            }
            if (t.size() > 0 && (previous != s.lastAssessed[r] || track.get(t.size() - 1).status() != s.status[r])) {
                throw bad(line, path, "the last kept assessment is not the rule's last (occasion " + s.lastAssessed[r] + ", "
                        + s.status[r] + ")");
            }
            s.tracks[r] = track;
        }
    }

    private static void checkTrailer(JsonNode record, long line, int patients, byte[] digest) {
        keys(record, line, "", Set.of("end"), Set.of());
        JsonNode end = record.get("end");
        keys(end, line, "end", Set.of("patients", "sha256"), Set.of());
        int n = integer(end.get("patients"), 0, line, "end.patients");
        if (n != patients) {
            throw bad(line, "end.patients", "the trailer counts " + n + " patients, the snapshot holds " + patients);
        }
        String expected = HEX.formatHex(digest);
        if (!end.get("sha256").isTextual() || !end.get("sha256").textValue().equals(expected)) {
            throw bad(line, "end.sha256", "the digest does not match the content: the snapshot was altered or damaged");
        }
    }

    // ---------------------------------------------------------------- helpers

    static void keys(JsonNode o, long line, String path, Set<String> required, Set<String> optional) {
        if (!o.isObject()) {
            throw bad(line, path.isEmpty() ? "record" : path, "expected an object, got " + shape(o));
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!required.contains(k) && !optional.contains(k)) {
                throw bad(line, join(path, Checks.show(k)), "unknown key; expected " + sorted(required, optional));
            }
        }
        for (String k : required) {
            if (!o.has(k)) {
                throw bad(line, join(path, k), "missing");
            }
        }
    }

    private static String sorted(Set<String> a, Set<String> b) {
        return new java.util.TreeSet<>(java.util.stream.Stream.concat(a.stream(), b.stream()).toList()).toString();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String text(JsonNode o, String key, long line, String path) {
        JsonNode v = o.get(key);
        if (!v.isTextual()) {
            throw bad(line, join(path, key), "expected a string, got " + shape(v));
        }
        return v.textValue();
    }

    static int integer(JsonNode v, int min, long line, String path) {
        if (v == null || !v.isInt() || v.intValue() < min) {
            throw bad(line, path, "expected an integer >= " + min + ", got " + shape(v));
        }
        return v.intValue();
    }

    static TrackStatus status(JsonNode v, long line, String path) {
        if (v.isTextual()) {
            for (TrackStatus t : TrackStatus.values()) {
                if (t.name().equals(v.textValue())) {
                    return t;
                }
            }
        }
        throw bad(line, path, "expected one of " + Arrays.toString(TrackStatus.values()) + ", got " + shape(v));
    }

    /** The JSON type and, for numbers and booleans, the value: never free text. */
    static String shape(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + v.asText();
        }
        if (v.isTextual()) {
            return "a string " + Checks.show(v.textValue());
        }
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static DataFormatException bad(long line, String path, String message) {
        return new DataFormatException(SOURCE, line, 0, path + ": " + message, null);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
