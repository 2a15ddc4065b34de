package org.openrom.core.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;
import org.openrom.core.internal.Fields;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.safety.Severity;

/** Codecs of the score package's values. Not API: use {@code org.openrom.core.json.RomJson}. */
public final class ScoreCodecs {
    /** The node factory of every codec. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScoreCodecs() {
    }

    public static ObjectNode administration(Administration a) {
        ObjectNode o = NODES.objectNode();
        o.put("patientId", a.patientId());
        o.put("instrumentId", a.instrumentId());
        o.put("occasion", a.occasion());
        a.date().ifPresent(d -> o.put("date", d.toString()));
        a.groupId().ifPresent(g -> o.put("groupId", g));
        ObjectNode ans = o.putObject("answers");
        a.answers().forEach(ans::put);
        if (!a.texts().isEmpty()) {
            ObjectNode t = o.putObject("texts");
            a.texts().forEach(t::put);
        }
        a.comment().ifPresent(c -> o.put("comment", c));
        return o;
    }

    /**
     * Reads an administration by streaming so that duplicate answer keys and non-integer answers are
     * all listed, not just the first.
     */
    public static Administration readAdministration(JsonParser p, DeserializationContext ctxt) throws IOException {
        Checks.Problems problems = new Checks.Problems("administration");
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new ValidationException("administration", "$", String.valueOf(p.currentToken()), "a JSON object");
        }
        ObjectNode rest = NODES.objectNode();
        Map<String, Integer> answers = new LinkedHashMap<>();
        boolean answersSeen = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("answers")) {
                if (answersSeen) {
                    problems.add("answers", "answers", "one 'answers' object");
                }
                answersSeen = true;
                readAnswers(p, ctxt, answers, problems);
            } else {
                JsonNode value = ctxt.readTree(p);
                if (rest.has(field)) {
                    problems.add(field, field, "the field once");
                }
                rest.set(field, value);
            }
        }
        if (!answersSeen) {
            problems.addRaw("answers", "missing", "an object of item id → integer answer");
        }
        return administration(rest, answers, problems);
    }

    /**
     * Reads an administration from a tree (whose keys are unique already).
     *
     * @param tree the JSON object
     * @return the administration
     * @throws ValidationException listing every problem
     */
    public static Administration readAdministration(JsonNode tree) {
        Checks.Problems problems = new Checks.Problems("administration");
        if (tree == null || !tree.isObject()) {
            throw new ValidationException("administration", "$", Fields.describe(tree), "a JSON object");
        }
        Map<String, Integer> answers = new LinkedHashMap<>();
        JsonNode a = tree.get("answers");
        if (a == null) {
            problems.addRaw("answers", "missing", "an object of item id → integer answer");
        } else if (!a.isObject()) {
            problems.addRaw("answers", Fields.describe(a), "an object of item id → integer answer");
        } else {
            for (java.util.Iterator<Map.Entry<String, JsonNode>> it = a.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isInt()) {
                    answers.put(e.getKey(), e.getValue().intValue());
                } else {
                    problems.addRaw("answers." + e.getKey(), Fields.describe(e.getValue()), "an integer answer");
                }
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode rest = tree.deepCopy();
        rest.remove("answers");
        return administration(rest, answers, problems);
    }

    /** The fields of an administration other than its answers, read alike from a stream and from a tree. */
    private static Administration administration(JsonNode rest, Map<String, Integer> answers, Checks.Problems problems) {
        Fields f = new Fields(rest, "", problems);
        String patient = f.text("patientId");
        String instrument = f.text("instrumentId");
        int occasion = f.integer("occasion", 0);
        Optional<LocalDate> date = date(f, "date");
        Optional<String> group = f.optText("groupId");
        Map<String, String> texts = f.textMap("texts");
        Optional<String> comment = f.optText("comment");
        f.finish();
        problems.throwIfAny();
        return new Administration(patient, instrument, occasion, date, group, answers, texts, comment);
    }

    private static void readAnswers(JsonParser p, DeserializationContext ctxt, Map<String, Integer> answers,
            Checks.Problems problems)
            throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            problems.addRaw("answers", Fields.describe(ctxt.readTree(p)), "an object of item id → integer answer");
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String item = p.currentName();
            JsonToken t = p.nextToken();
            String path = "answers." + item;
            if (answers.containsKey(item)) {
                problems.add(path, item, "each item once (duplicate item)");
            }
            if (t == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() == JsonParser.NumberType.INT) {
                    answers.putIfAbsent(item, p.getIntValue());
                } else {
                    problems.addRaw(path, p.getText(), "an integer answer");
                }
            } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
                problems.addRaw(path, t == JsonToken.START_OBJECT ? "an object" : "an array", "an integer answer");
            } else if (t == JsonToken.VALUE_STRING) {
                // a patient's words: their length, never the words
                problems.addRaw(path, "<text of " + p.getText().length() + " characters>", "an integer answer");
            } else {
                problems.addRaw(path, p.getText(), "an integer answer");
            }
        }
    }

    public static Optional<LocalDate> date(Fields f, String field) {
        Optional<String> s = f.optText(field);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(s.get()));
        } catch (DateTimeParseException e) {
            f.problems().add(f.at(field), s.get(), "an ISO-8601 date (yyyy-mm-dd)");
            return Optional.empty();
        }
    }

    public static ObjectNode score(Score s) {
        ObjectNode o = NODES.objectNode();
        o.put("scale", s.scale());
        s.value().ifPresent(v -> o.put("value", v));
        s.missingReason().ifPresent(r -> o.put("missingReason", r));
        o.put("itemsAnswered", s.itemsAnswered());
        o.put("itemsTotal", s.itemsTotal());
        o.put("prorated", s.prorated());
        return o;
    }

    public static Score readScore(Fields f) {
        String scale = f.text("scale");
        OptionalDouble value = f.optNumber("value");
        Optional<String> reason = f.optText("missingReason");
        int answered = f.integer("itemsAnswered", 0);
        int total = f.integer("itemsTotal", 0);
        boolean prorated = f.bool("prorated", false);
        f.finish();
        if (!f.problems().isEmpty()) {
            return null;
        }
        try {
            return new Score(scale, value, reason, answered, total, prorated);
        } catch (ValidationException e) {
            f.problems().addAll(f.path(), e.violations());
            return null;
        }
    }

    public static ObjectNode scores(Scores s) {
        ObjectNode o = NODES.objectNode();
        o.put("patientId", s.patientId());
        o.put("instrumentId", s.instrumentId());
        o.put("occasion", s.occasion());
        s.date().ifPresent(d -> o.put("date", d.toString()));
        ArrayNode arr = o.putArray("scores");
        s.scores().forEach(x -> arr.add(score(x)));
        if (!s.alerts().isEmpty()) {
            // written only when there are any: absent means none
            ArrayNode al = o.putArray("alerts");
            s.alerts().forEach(a -> al.add(alert(a)));
        }
        return o;
    }

    /** A safety alert: patient, instrument, occasion, date, item, value (absent when unanswered), severity, code. */
    public static ObjectNode alert(SafetyAlert a) {
        ObjectNode o = NODES.objectNode();
        o.put("patientId", a.patientId());
        o.put("instrumentId", a.instrumentId());
        o.put("occasion", a.occasion());
        a.date().ifPresent(d -> o.put("date", d.toString()));
        o.put("itemId", a.itemId());
        if (a.value().isPresent()) {
            o.put("value", a.value().getAsInt());
        } else {
            o.put("unanswered", true);
        }
        o.put("severity", a.severity().code());
        o.put("code", a.code());
        return o;
    }

    public static SafetyAlert readAlert(Fields f) {
        String patient = f.text("patientId");
        String instrument = f.text("instrumentId");
        int occasion = f.integer("occasion", 0);
        Optional<LocalDate> date = date(f, "date");
        String item = f.text("itemId");
        java.util.OptionalInt value = f.optInteger("value");
        boolean unanswered = f.bool("unanswered", false);
        if (unanswered == value.isPresent()) {
            f.problems().addRaw(f.at("value"), value.isPresent() ? String.valueOf(value.getAsInt()) : "missing",
                    "either a value or \"unanswered\": true");
        }
        String severity = f.text("severity");
        String code = f.text("code");
        Severity sev = null;
        try {
            sev = severity == null ? null : Severity.of(severity);
        } catch (IllegalArgumentException e) {
            f.problems().addRaw(f.at("severity"), severity, "high, moderate or low");
        }
        f.finish();
        if (!f.problems().isEmpty() || sev == null) {
            return null;
        }
        try {
            return new SafetyAlert(patient, instrument, occasion, date, item, value, sev, code);
        } catch (org.openrom.core.ValidationException e) {
            f.problems().addAll(f.path(), e.violations());
            return null;
        }
    }

    /** An acknowledgement: alertId, by, at (an instant), action when given. */
    public static ObjectNode acknowledgement(org.openrom.core.safety.Acknowledgement a) {
        ObjectNode o = NODES.objectNode();
        o.put("alertId", a.alertId());
        o.put("by", a.by());
        o.put("at", a.at().toString());
        a.action().ifPresent(x -> o.put("action", x));
        return o;
    }

    public static org.openrom.core.safety.Acknowledgement readAcknowledgement(Fields f) {
        String alertId = f.text("alertId");
        String by = f.text("by");
        String at = f.text("at");
        Optional<String> action = f.optText("action");
        f.finish();
        java.time.Instant when = null;
        try {
            when = at == null ? null : java.time.Instant.parse(at);
        } catch (java.time.DateTimeException e) {
            f.problems().addRaw(f.at("at"), at, "an instant such as 2026-12-07T10:15:00Z");
        }
        if (!f.problems().isEmpty() || when == null) {
            return null;
        }
        try {
            return new org.openrom.core.safety.Acknowledgement(alertId, by, when, action);
        } catch (org.openrom.core.ValidationException e) {
            f.problems().addAll(f.path(), e.violations());
            return null;
        }
    }

    /** A kept alert: the alert, and its acknowledgement when there is one. */
    public static ObjectNode trackedAlert(org.openrom.core.safety.TrackedAlert t) {
        ObjectNode o = NODES.objectNode();
        o.set("alert", alert(t.alert()));
        t.acknowledgement().ifPresent(a -> o.set("acknowledgement", acknowledgement(a)));
        return o;
    }

    public static org.openrom.core.safety.TrackedAlert readTrackedAlert(Fields f) {
        Optional<Fields> af = f.object("alert");
        Optional<Fields> kf = f.object("acknowledgement");
        f.finish();
        if (af.isEmpty()) {
            f.problems().addRaw(f.at("alert"), "missing", "an alert");
            return null;
        }
        SafetyAlert a = readAlert(af.get());
        org.openrom.core.safety.Acknowledgement k = kf.map(ScoreCodecs::readAcknowledgement).orElse(null);
        if (a == null || kf.isPresent() && k == null) {
            return null;
        }
        try {
            return new org.openrom.core.safety.TrackedAlert(a, Optional.ofNullable(k));
        } catch (IllegalArgumentException e) {
            f.problems().addRaw(f.at("acknowledgement"), k.alertId(), "an acknowledgement of " + a.id());
            return null;
        }
    }

    public static Scores readScores(JsonNode tree) {
        Checks.Problems p = new Checks.Problems("scores");
        Fields f = new Fields(tree, "", p);
        String patient = f.text("patientId");
        String instrument = f.text("instrumentId");
        int occasion = f.integer("occasion", 0);
        Optional<LocalDate> date = date(f, "date");
        List<Score> list = new ArrayList<>();
        for (Fields sf : f.objects("scores", true)) {
            Score s = readScore(sf);
            if (s != null) {
                list.add(s);
            }
        }
        List<SafetyAlert> alerts = new ArrayList<>();
        for (Fields af : f.objects("alerts", false)) {
            SafetyAlert a = readAlert(af);
            if (a != null) {
                alerts.add(a);
            }
        }
        f.finish();
        p.throwIfAny();
        return new Scores(patient, instrument, occasion, date, list, alerts);
    }
}
