package org.openrom.benchmarks.cds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a request's time goes: the service's CPU samples from a flight recording (JFR's {@code jdk.ExecutionSample}),
 * each charged to the innermost part of the work it was in, and divided by the requests answered while recording.
 * The JDK's own frames are charged to their innermost caller of a part: a hash map inside the FHIR parser counts as
 * parsing, a file write inside H2 as the store, an RSA operation inside the JWT library as the JWT.
 */
final class Profile {
    /** The parts of a request, by the packages of their code; the first part a frame matches wins. */
    static final Map<String, List<String>> PARTS = parts();

    private Profile() {
    }

    private static Map<String, List<String>> parts() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("store (H2, JDBC)", List.of("org.h2.", "org.openrom.cds.FeedbackStore"));
        p.put("JWT (parse, RSA verify)", List.of("com.nimbusds.", "org.openrom.cds.JwtVerifier"));
        p.put("FHIR parse (HAPI)", List.of("ca.uhn.fhir.", "org.hl7.fhir."));
        p.put("report page (render)", List.of("org.openrom.report."));
        p.put("rules, needs, scoring", List.of("org.openrom.rules.", "org.openrom.instruments.", "org.openrom.core."));
        p.put("cards, JSON", List.of("org.openrom.cds.", "com.fasterxml."));
        p.put("request log", List.of("org.slf4j."));
        p.put("HTTP (Jetty)", List.of("org.eclipse.jetty."));
        return p;
    }

    /** The samples per part, and the hottest methods (top of stack). */
    record Summary(long samples, Map<String, Long> byPart, List<Map.Entry<String, Long>> hottest,
            Map<String, java.time.Duration> lockWaits) {
        String text(int requests) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%,d CPU samples of the service's threads over %,d requests%n", samples,
                    requests));
            b.append("| part of the request | share of samples |\n|---|---|\n");
            byPart.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> b.append(
                    String.format(Locale.ROOT, "| %s | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples))));
            b.append("\nwaiting for a lock (JFR's jdk.JavaMonitorEnter, waits over 20 ms), per request:\n");
            lockWaits.entrySet().stream().sorted(Map.Entry.<String, java.time.Duration>comparingByValue().reversed())
                    .limit(5).forEach(e -> b.append(String.format(Locale.ROOT, "  %8.2f ms  %s%n",
                            e.getValue().toNanos() / 1e6 / Math.max(1, requests), e.getKey())));
            b.append("\nhottest methods (self):\n");
            hottest.forEach(e -> b.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue()
                    / Math.max(1, samples), e.getKey())));
            return b.toString();
        }
    }

    /** The samples and lock waits of the service's threads between {@code from} and {@code to}. */
    static Summary read(Path recording, java.time.Instant from, java.time.Instant to) throws IOException {
        Map<String, Long> byPart = new LinkedHashMap<>();
        PARTS.keySet().forEach(k -> byPart.put(k, 0L));
        byPart.put("other (JDK only: threads, GC roots)", 0L);
        Map<String, Long> self = new HashMap<>();
        Map<String, java.time.Duration> lockWaits = new HashMap<>();
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue;
            }
            if ("jdk.JavaMonitorEnter".equals(e.getEventType().getName())) {
                lockWaits.merge(e.getClass("monitorClass").getName() + " (in " + caller(e.getStackTrace()) + ")",
                        e.getDuration(), java.time.Duration::plus);
                continue;
            }
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName()) || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            RecordedStackTrace stack = e.getStackTrace();
            byPart.merge(part(stack), 1L, Long::sum);
            if (!stack.getFrames().isEmpty()) {
                RecordedFrame top = stack.getFrames().get(0);
                self.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> hottest = new ArrayList<>(self.entrySet());
        hottest.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return new Summary(samples, byPart, List.copyOf(hottest.subList(0, Math.min(15, hottest.size()))), lockWaits);
    }

    private static String caller(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "?";
        }
        RecordedFrame f = stack.getFrames().get(0);
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String part(RecordedStackTrace stack) {
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            for (Map.Entry<String, List<String>> p : PARTS.entrySet()) {
                for (String prefix : p.getValue()) {
                    if (type.startsWith(prefix)) {
                        return p.getKey();
                    }
                }
            }
        }
        return "other (JDK only: threads, GC roots)";
    }
}
