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
import org.openrom.core.internal.codec.ScoreCodecs;
import org.openrom.core.internal.codec.TrackCodecs;
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
        module.addCodec(RuleRef.class, TrackCodecs::ruleRef, tree -> TrackCodecs.read("rule reference", tree, TrackCodecs::readRuleRef));
        module.addCodec(Finding.class, TrackCodecs::finding, tree -> TrackCodecs.read("finding", tree, TrackCodecs::readFinding));
        module.addCodec(TrackAssessment.class, TrackCodecs::assessment,
                tree -> TrackCodecs.read("assessment", tree, TrackCodecs::readAssessment));
        module.addCodec(StatusTransition.class, JsonCodecs::transition,
                tree -> TrackCodecs.read("status transition", tree, JsonCodecs::readTransition));
        module.addCodec(MonitorUpdate.class, JsonCodecs::update, tree -> TrackCodecs.read("monitor update", tree, JsonCodecs::readUpdate));
        module.addCodec(org.openrom.core.track.PatientAssessment.class, JsonCodecs::patientAssessment,
                tree -> TrackCodecs.read("patient assessment", tree, JsonCodecs::readPatientAssessment));
    }

    /** {@code {"patientId": …}} followed by the assessment's own fields. */
    static ObjectNode patientAssessment(org.openrom.core.track.PatientAssessment pa) {
        ObjectNode o = ScoreCodecs.NODES.objectNode();
        o.put("patientId", pa.patientId());
        o.setAll(TrackCodecs.assessment(pa.assessment()));
        return o;
    }

    static org.openrom.core.track.PatientAssessment readPatientAssessment(Fields f) {
        String patient = f.text("patientId");
        TrackAssessment a = TrackCodecs.readAssessment(f);
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

















    static ObjectNode transition(StatusTransition t) {
        ObjectNode o = ScoreCodecs.NODES.objectNode();
        o.put("patientId", t.patientId());
        o.set("rule", TrackCodecs.ruleRef(t.rule()));
        o.put("occasion", t.occasion());
        t.from().ifPresent(s -> o.put("from", s.name()));
        o.put("to", t.to().name());
        return o;
    }

    static StatusTransition readTransition(Fields f) {
        String patient = f.text("patientId");
        RuleRef rule = f.object("rule").map(rf -> {
            RuleRef r = TrackCodecs.readRuleRef(rf);
            rf.finish();
            return r;
        }).orElse(null);
        int occasion = f.integer("occasion", 0);
        Optional<TrackStatus> from = f.has("from") ? Optional.ofNullable(TrackCodecs.status(f, "from")) : Optional.empty();
        TrackStatus to = TrackCodecs.status(f, "to");
        if (!f.problems().isEmpty() || rule == null || to == null || patient == null) {
            if (rule == null && f.problems().isEmpty()) {
                f.problems().addRaw(f.at("rule"), "missing", "a rule reference");
            }
            return null;
        }
        return new StatusTransition(patient, rule, occasion, from, to);
    }

    static ObjectNode update(MonitorUpdate u) {
        ObjectNode o = ScoreCodecs.NODES.objectNode();
        o.set("scores", ScoreCodecs.scores(u.scores()));
        ArrayNode a = o.putArray("assessments");
        u.assessments().forEach(x -> a.add(TrackCodecs.assessment(x)));
        ArrayNode t = o.putArray("transitions");
        u.transitions().forEach(x -> t.add(transition(x)));
        return o;
    }

    static MonitorUpdate readUpdate(Fields f) {
        Scores scores = null;
        Optional<JsonNode> s = f.node("scores");
        if (s.isPresent()) {
            try {
                scores = ScoreCodecs.readScores(s.get());
            } catch (org.openrom.core.ValidationException e) {
                f.problems().addAll("scores", e.violations());
            }
        } else {
            f.problems().addRaw("scores", "missing", "the scores");
        }
        List<TrackAssessment> as = new ArrayList<>();
        for (Fields af : f.objects("assessments", true)) {
            TrackAssessment x = TrackCodecs.readAssessment(af);
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
