package org.openrom.cds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.openrom.core.history.Assembly;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.report.NotReport;
import org.openrom.core.safety.Acknowledgement;

/**
 * What a chart opening computed from its prefetch, kept for the next opening of the same chart with the same prefetch.
 *
 * <p>The history, the alerts, the data issues and every rule's track are a function of the patient and the prefetch
 * alone, so an identical prefetch gives identical results. A hit is an exact match: the cached prefetch is compared
 * with the new one in full, not by a digest, so two different prefetches never share an entry. Nothing that can change
 * between two openings is cached: the acknowledgements are read from the store at every request, and the report and
 * its page are reused only for the very same acknowledgements. A prefetch that is not the whole history (a missing
 * key, a next page) is never cached, whether or not the FHIR server was asked: the same prefetch with a token, or
 * after the server changed, reads more. Each node keeps its own
 * cache; what it holds is derived from the request and never shared.
 *
 * <p>One entry per patient, for the prefetch last computed: a chart's prefetch changes when new answers arrive, and the
 * old one is not asked for again. Each entry holds the prefetch's JSON tree, so the cache is bounded twice: by patients,
 * and by the resources their prefetches hold in all (least recently used first out). Thread-safe; the full comparison
 * runs outside the lock.
 */
final class ViewCache {
    /** A prefetch's results, and the report last built from them with its acknowledgements. */
    static final class Entry {
        final JsonNode prefetch;
        final PrefetchReader.Read read;
        final Assembly assembly;
        final Optional<PatientHistory> history;
        final List<RuleTrack> tracks;
        private volatile Rendered rendered;

        Entry(JsonNode prefetch, PrefetchReader.Read read, Assembly assembly, Optional<PatientHistory> history,
                List<RuleTrack> tracks) {
            this.prefetch = prefetch;
            this.read = read;
            this.assembly = assembly;
            this.history = history;
            this.tracks = tracks;
        }

        /** @return the report and page built with exactly these acknowledgements, when they were */
        Optional<Rendered> rendered(List<Acknowledgement> acknowledgements) {
            Rendered r = rendered;
            return r != null && r.acknowledgements.equals(acknowledgements) ? Optional.of(r) : Optional.empty();
        }

        void rendered(Rendered r) {
            rendered = r;
        }
    }

    /** A report with its page (empty when no card links to it), for one list of acknowledgements. */
    record Rendered(List<Acknowledgement> acknowledgements, NotReport report, Optional<String> html) {
        Rendered {
            acknowledgements = List.copyOf(acknowledgements);
        }
    }

    /** The resources an entry may hold on average: a course of weekly questionnaires, with room to spare. */
    static final int RESOURCES_PER_PATIENT = 25;

    private final int capacity;
    private final long resourceBudget;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long resources;
    private final AtomicLong hits = new AtomicLong();

    /**
     * @param capacity the most patients kept; 0 keeps none. The prefetches kept hold at most
     *     {@value #RESOURCES_PER_PATIENT} times as many resources in all, so that a few long histories cannot fill the
     *     heap; a prefetch larger than that alone is not kept.
     */
    ViewCache(int capacity) {
        this.capacity = capacity;
        this.resourceBudget = (long) capacity * RESOURCES_PER_PATIENT;
    }

    /** @return the entry of exactly this patient and prefetch, when kept */
    Optional<Entry> get(String patientId, JsonNode prefetch) {
        if (capacity == 0) {
            return Optional.empty();
        }
        Entry e;
        synchronized (entries) {
            e = entries.get(patientId);
        }
        // compared in full, outside the lock: the tree of a long history is large
        if (e == null || !e.prefetch.equals(prefetch)) {
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(e);
    }

    /** Keeps an entry as the patient's one; the least recently used go while there are too many, or too large. */
    void put(String patientId, Entry e) {
        int weight = e.read.resources();
        if (capacity == 0 || weight > resourceBudget) {
            return;
        }
        synchronized (entries) {
            Entry old = entries.put(patientId, e);
            resources += weight - (old == null ? 0 : old.read.resources());
            java.util.Iterator<Entry> eldest = entries.values().iterator();
            while (entries.size() > capacity || resources > resourceBudget) {
                resources -= eldest.next().read.resources();
                eldest.remove();
            }
        }
    }

    /** @return the number of entries kept */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** @return how many requests were answered from an entry since the start */
    long hits() {
        return hits.get();
    }
}
