package org.openrom.core.json;

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
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.StatusTransition;
import org.openrom.core.score.Scores;
import org.openrom.core.track.Finding;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;

/** Codecs of the track and monitor values. Package-private: use {@link RomJson}. */
final class JsonCodecs {
    private JsonCodecs() {
    }

    static void registerAll(RomModule module) {
        module.addCodec(RuleRef.class, JsonCodecs::ruleRef, tree -> read("rule reference", tree, JsonCodecs::readRuleRef));
        module.addCodec(Finding.class, JsonCodecs::finding, tree -> read("finding", tree, JsonCodecs::readFinding));
        module.addCodec(TrackAssessment.class, JsonCodecs::assessment,
                tree -> read("assessment", tree, JsonCodecs::readAssessment));
        module.addCodec(StatusTransition.class, JsonCodecs::transition,
                tree -> read("status transition", tree, JsonCodecs::readTransition));
        module.addCodec(MonitorUpdate.class, JsonCodecs::update, tree -> read("monitor update", tree, JsonCodecs::readUpdate));
        module.addCodec(org.openrom.core.track.PatientAssessment.class, JsonCodecs::patientAssessment,
                tree -> read("patient assessment", tree, JsonCodecs::readPatientAssessment));
    }

    /** {@code {"patientId": …}} followed by the assessment's own fields. */
    static ObjectNode patientAssessment(org.openrom.core.track.PatientAssessment pa) {
        ObjectNode o = CoreCodecs.NODES.objectNode();
        o.put("patientId", pa.patientId());
        o.setAll(assessment(pa.assessment()));
        return o;
    }

    static org.openrom.core.track.PatientAssessment readPatientAssessment(Fields f) {
        String patient = f.text("patientId");
        TrackAssessment a = readAssessment(f);
        if (patient == null || a == null) {
            return null;
        }
        try {
            return new org.openrom.core.track.PatientAssessment(patient, a);
        } catch (org.openrom.core.RomException e) {
            f.problems().addRaw("patientId", "invalid", e.getMessage());
            return null;
        }
    }

    private static <T> T read(String subject, JsonNode tree, java.util.function.Function<Fields, T> reader) {
        Checks.Problems p = new Checks.Problems(subject);
        Fields f = new Fields(tree, "", p);
        T value = reader.apply(f);
        f.finish();
        p.throwIfAny();
        return value;
    }

    static ObjectNode ruleRef(RuleRef r) {
        ObjectNode o = CoreCodecs.NODES.objectNode();
        o.put("id", r.id());
        o.put("version", r.version());
        ObjectNode params = o.putObject("parameters");
        r.parameters().forEach(params::put);
        o.put("spec", r.spec());
        return o;
    }

    static RuleRef readRuleRef(Fields f) {
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

    static ObjectNode finding(Finding x) {
        return CoreCodecs.NODES.objectNode().put("code", x.code()).put("sentence", x.sentence());
    }

    static Finding readFinding(Fields f) {
        String code = f.text("code");
        String sentence = f.text("sentence");
        if (code == null || sentence == null) {
            return null;
        }
        try {
            return new Finding(code, sentence);
        } catch (RomException e) {
            f.problems().addRaw(f.path().isEmpty() ? "$" : f.path(), "invalid", e.getMessage());
            return null;
        }
    }

    static ObjectNode assessment(TrackAssessment a) {
        ObjectNode o = CoreCodecs.NODES.objectNode();
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

    static TrackAssessment readAssessment(Fields f) {
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

    private static TrackStatus status(Fields f, String field) {
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

    static ObjectNode transition(StatusTransition t) {
        ObjectNode o = CoreCodecs.NODES.objectNode();
        o.put("patientId", t.patientId());
        o.set("rule", ruleRef(t.rule()));
        o.put("occasion", t.occasion());
        t.from().ifPresent(s -> o.put("from", s.name()));
        o.put("to", t.to().name());
        return o;
    }

    static StatusTransition readTransition(Fields f) {
        String patient = f.text("patientId");
        RuleRef rule = f.object("rule").map(rf -> {
            RuleRef r = readRuleRef(rf);
            rf.finish();
            return r;
        }).orElse(null);
        int occasion = f.integer("occasion", 0);
        Optional<TrackStatus> from = f.has("from") ? Optional.ofNullable(status(f, "from")) : Optional.empty();
        TrackStatus to = status(f, "to");
        if (!f.problems().isEmpty() || rule == null || to == null || patient == null) {
            if (rule == null && f.problems().isEmpty()) {
                f.problems().addRaw(f.at("rule"), "missing", "a rule reference");
            }
            return null;
        }
        return new StatusTransition(patient, rule, occasion, from, to);
    }

    static ObjectNode update(MonitorUpdate u) {
        ObjectNode o = CoreCodecs.NODES.objectNode();
        o.set("scores", CoreCodecs.scores(u.scores()));
        ArrayNode a = o.putArray("assessments");
        u.assessments().forEach(x -> a.add(assessment(x)));
        ArrayNode t = o.putArray("transitions");
        u.transitions().forEach(x -> t.add(transition(x)));
        return o;
    }

    static MonitorUpdate readUpdate(Fields f) {
        Scores scores = null;
        Optional<JsonNode> s = f.node("scores");
        if (s.isPresent()) {
            try {
                scores = CoreCodecs.readScores(s.get());
            } catch (org.openrom.core.ValidationException e) {
                f.problems().addAll("scores", e.violations());
            }
        } else {
            f.problems().addRaw("scores", "missing", "the scores");
        }
        List<TrackAssessment> as = new ArrayList<>();
        for (Fields af : f.objects("assessments", true)) {
            TrackAssessment x = readAssessment(af);
            af.finish();
            if (x != null) {
                as.add(x);
            }
        }
        List<StatusTransition> ts = new ArrayList<>();
        for (Fields tf : f.objects("transitions", true)) {
            StatusTransition x = readTransition(tf);
            tf.finish();
            if (x != null) {
                ts.add(x);
            }
        }
        return f.problems().isEmpty() ? new MonitorUpdate(scores, as, ts) : null;
    }
}
