package org.openrom.core.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openrom.core.RomException;
import org.openrom.core.internal.Checks;
import org.openrom.core.internal.Fields;
import org.openrom.core.track.Finding;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;

/** Codecs of the track package's values. Not API: use {@code org.openrom.core.json.RomJson}. */
public final class TrackCodecs {
    private TrackCodecs() {
    }

    public static ObjectNode ruleRef(RuleRef r) {
        ObjectNode o = ScoreCodecs.NODES.objectNode();
        o.put("id", r.id());
        o.put("version", r.version());
        ObjectNode params = o.putObject("parameters");
        r.parameters().forEach(params::put);
        o.put("spec", r.spec());
        return o;
    }

    public static RuleRef readRuleRef(Fields f) {
        String id = f.text("id");
        String version = f.text("version");
        Map<String, String> params = f.textMap("parameters");
        Optional<String> spec = f.optText("spec");
        if (!f.problems().isEmpty()) {
            return null;
        }
        try {
            RuleRef ref = RuleRef.of(id, version, params);
            if (spec.isPresent() && !spec.get().equals(ref.spec())) {
                f.problems().add(f.at("spec"), spec.get(), "'" + ref.spec() + "' (the canonical spec of id and parameters)");
            }
            return ref;
        } catch (RomException e) {
            f.problems().addRaw(f.path().isEmpty() ? "$" : f.path(), "invalid", e.getMessage());
            return null;
        }
    }

    public static ObjectNode finding(Finding x) {
        ObjectNode o = ScoreCodecs.NODES.objectNode().put("code", x.code()).put("sentence", x.sentence());
        if (!x.args().isEmpty()) {
            ObjectNode a = o.putObject("args");
            x.args().forEach(a::put);
        }
        return o;
    }

    public static Finding readFinding(Fields f) {
        String code = f.text("code");
        String sentence = f.text("sentence");
        java.util.Map<String, String> args = f.textMap("args");
        if (code == null || sentence == null) {
            return null;
        }
        try {
            return Finding.of(code, sentence, args);
        } catch (RomException e) {
            f.problems().addRaw(f.path().isEmpty() ? "$" : f.path(), "invalid", e.getMessage());
            return null;
        }
    }

    public static ObjectNode assessment(TrackAssessment a) {
        ObjectNode o = ScoreCodecs.NODES.objectNode();
        o.put("occasion", a.occasion());
        o.put("status", a.status().name());
        ArrayNode reasons = o.putArray("reasons");
        a.reasons().forEach(r -> reasons.add(finding(r)));
        o.set("rule", ruleRef(a.rule()));
        ObjectNode details = o.putObject("details");
        a.details().forEach((k, v) -> {
            if (v instanceof Long) {
                details.put(k, (Long) v);
            } else if (v instanceof Double) {
                details.put(k, (Double) v);
            } else if (v instanceof Boolean) {
                details.put(k, (Boolean) v);
            } else {
                details.put(k, (String) v);
            }
        });
        return o;
    }

    public static TrackAssessment readAssessment(Fields f) {
        int occasion = f.integer("occasion", 0);
        TrackStatus status = status(f, "status");
        List<Finding> reasons = new ArrayList<>();
        for (Fields rf : f.objects("reasons", true)) {
            Finding x = readFinding(rf);
            rf.finish();
            if (x != null) {
                reasons.add(x);
            }
        }
        RuleRef rule = f.object("rule").map(rf -> {
            RuleRef r = readRuleRef(rf);
            rf.finish();
            return r;
        }).orElse(null);
        if (!f.has("rule")) {
            f.problems().addRaw(f.at("rule"), "missing", "a rule reference");
        }
        TreeMap<String, Object> details = new TreeMap<>();
        f.node("details").ifPresent(d -> {
            if (!d.isObject()) {
                f.problems().addRaw(f.at("details"), Fields.describe(d), "an object");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = d.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    details.put(e.getKey(), v.longValue());
                } else if (v.isFloatingPointNumber()) {
                    details.put(e.getKey(), v.doubleValue());
                } else if (v.isBoolean()) {
                    details.put(e.getKey(), v.booleanValue());
                } else if (v.isTextual()) {
                    details.put(e.getKey(), v.textValue());
                } else {
                    f.problems().addRaw(f.at("details." + e.getKey()), Fields.describe(v), "a number, text or boolean");
                }
            }
        });
        if (!f.problems().isEmpty() || status == null || rule == null) {
            return null;
        }
        try {
            return new TrackAssessment(occasion, status, reasons, rule, details);
        } catch (RomException e) {
            f.problems().addRaw("$", "invalid", e.getMessage());
            return null;
        }
    }

    public static TrackStatus status(Fields f, String field) {
        String s = f.text(field);
        if (s == null) {
            return null;
        }
        try {
            return TrackStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            f.problems().add(f.at(field), s, "one of ON_TRACK, NOT_ON_TRACK, INSUFFICIENT_DATA");
            return null;
        }
    }

    public static <T> T read(String subject, JsonNode tree, java.util.function.Function<Fields, T> reader) {
        Checks.Problems p = new Checks.Problems(subject);
        Fields f = new Fields(tree, "", p);
        T value = reader.apply(f);
        f.finish();
        p.throwIfAny();
        return value;
    }
}
