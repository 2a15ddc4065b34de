package org.openrom.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.RuleEnvironment;

/**
 * What every executor JVM shares: the installed instruments, the rules built once per spec, the library version. The
 * closures Spark ships carry only rule specs (strings); the rules are rebuilt here, on each executor, by the same
 * registry the library uses.
 */
final class Engine {
    static final InstrumentRegistry INSTRUMENTS = InstrumentRegistry.loadDefault();
    static final RuleRegistry RULES = RuleRegistry.loadDefault();
    static final String VERSION = version();
    private static final Map<List<String>, List<TrackRule>> BUILT = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Engine() {
    }

    /** @return the rules of these specs, built once per JVM */
    static List<TrackRule> rules(List<String> specs) {
        return BUILT.computeIfAbsent(List.copyOf(specs), s -> {
            RuleEnvironment env = RuleEnvironment.of(INSTRUMENTS);
            List<TrackRule> out = new ArrayList<>();
            for (String spec : s) {
                out.add(RULES.create(spec, env));
            }
            return List.copyOf(out);
        });
    }

    /** The library's batch path: each rule over the history, exactly as {@link RuleTrack#evaluate} does it. */
    static List<RuleTrack> evaluate(List<TrackRule> rules, PatientHistory history) {
        return RuleTrack.evaluate(rules, history);
    }

    /** @return an assessment's details as JSON, keys sorted (the same text wherever it is computed) */
    static String details(TrackAssessment a) {
        try {
            return JSON.writeValueAsString(a.details());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("details are numbers, strings and booleans", e);
        }
    }

    /** @return the reasons as a JSON array of {@code {"code", "sentence"}}, in the rule's order */
    static String reasonsJson(TrackAssessment a) {
        com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
        a.reasons().forEach(f -> out.addObject().put("code", f.code()).put("sentence", f.sentence()));
        return out.toString();
    }

    /** @return the reasons' codes, {@code ; }-separated */
    static String reasons(TrackAssessment a) {
        StringBuilder sb = new StringBuilder();
        a.reasons().forEach(f -> sb.append(sb.length() == 0 ? "" : "; ").append(f.code()));
        return sb.toString();
    }

    /** @return the reasons' sentences, space-separated */
    static String explanation(TrackAssessment a) {
        StringBuilder sb = new StringBuilder();
        a.reasons().forEach(f -> sb.append(sb.length() == 0 ? "" : " ").append(f.sentence()));
        return sb.toString();
    }

    static ObjectMapper json() {
        return JSON;
    }

    private static String version() {
        try (InputStream in = Engine.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
