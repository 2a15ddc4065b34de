package org.openrom.spark;


import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The scoring of one patient's (and episode's) item-level rows into score rows, alert rows and dead letters: one
 * administration per occasion and instrument, scored by the instrument; every critical answer alerts, whatever else
 * is wrong with its administration. Runs on the executors, inside {@code flatMapGroups}.
 */
final class ItemScoring {
    private ItemScoring() {
    }

    static Iterator<Row> scoreGroup(Iterator<Row> rows) {
        Group g = new Group();
        while (rows.hasNext()) {
            g.add(rows.next());
        }
        g.scoreAdministrations();
        g.criticalAlerts();
        return g.res.iterator();
    }

    /** One group's rows as they are read: the administrations being built, and what went wrong. */
    private static final class Group {
        final List<Row> res = new ArrayList<>();
        // (occasion, instrument) -> answers
        final TreeMap<String, org.openrom.core.score.Administration.Builder> adms = new TreeMap<>();
        final Map<String, Set<String>> answered = new HashMap<>();
        final Set<String> broken = new HashSet<>();
        // the critical items' integer answers as given, in range or not: their alerts never depend on the rest
        final TreeMap<String, org.openrom.core.score.Administration.Builder> critical = new TreeMap<>();
        final Map<String, Set<String>> criticalSeen = new HashMap<>();
        String patient;
        String episode;

        /** A row: into its administration, or a dead letter; a critical answer is kept apart as well. */
        void add(Row r) {
            patient = r.isNullAt(0) ? null : r.getString(0);
            episode = r.isNullAt(1) ? null : r.getString(1);
            Integer occ = RomSpark.integer(r.isNullAt(2) ? null : r.getString(2).trim());
            String instrument = r.isNullAt(3) ? null : r.getString(3).trim();
            String item = r.isNullAt(4) ? null : r.getString(4).trim();
            Integer value = RomSpark.integer(r.isNullAt(5) ? null : r.getString(5).trim());
            org.openrom.core.instrument.Instrument ins = instrument == null ? null
                    : Engine.INSTRUMENTS.find(instrument).orElse(null);
            String key = (occ == null ? "?" : String.format("%09d", occ)) + "\u0000" + instrument;
            if (patient != null && !patient.isBlank() && occ != null && occ >= 0 && ins != null && item != null
                    && value != null && ins.criticalItems().stream().anyMatch(c -> c.itemId().equals(item))
                    && criticalSeen.computeIfAbsent(key, x -> new HashSet<>()).add(item)) {
                critical.computeIfAbsent(key, x -> org.openrom.core.score.Administration.builder(r.getString(0),
                        instrument, occ)).answer(item, value);
            }
            if (patient == null || patient.isBlank() || occ == null || occ < 0) {
                res.add(RowFactory.create("dead-letter", patient, episode, instrument, occ, null, RomSpark.MALFORMED
                        + ": patient_id or occasion missing or not an integer >= 0", null));
            } else if (ins == null) {
                res.add(RowFactory.create("dead-letter", patient, episode, instrument, occ, null, RomSpark.UNKNOWN_SCALE
                        + ": not an installed instrument", null));
            } else if (item == null || ins.item(item).isEmpty() || value == null || !ins.item(item).get().scale()
                    .contains(value)) {
                res.add(RowFactory.create("dead-letter", patient, episode, instrument, occ, null, RomSpark.OUT_OF_RANGE
                        + ": unknown item, or an answer outside the item's range", null));
                broken.add(key);
            } else if (!answered.computeIfAbsent(key, x -> new HashSet<>()).add(item)) {
                res.add(RowFactory.create("dead-letter", patient, episode, instrument, occ, null, RomSpark.DUPLICATE
                        + ": the item is answered twice", null));
                broken.add(key);
            } else {
                adms.computeIfAbsent(key, x -> org.openrom.core.score.Administration.builder(r.getString(0), instrument,
                        occ)).answer(item, value);
            }
        }

        /** Scores every administration that has no bad row; its scores, unanswered critical items, dead letters. */
        void scoreAdministrations() {
            for (Map.Entry<String, org.openrom.core.score.Administration.Builder> e : adms.entrySet()) {
                if (broken.contains(e.getKey())) {
                    continue; // an administration with a bad row is not scored from the rest
                }
                org.openrom.core.score.Administration a = e.getValue().build();
                org.openrom.core.score.Scores sc;
                try {
                    sc = Engine.INSTRUMENTS.get(a.instrumentId()).score(a);
                } catch (RuntimeException ex) {
                    res.add(RowFactory.create("dead-letter", patient, episode, a.instrumentId(), a.occasion(), null, RomSpark.MALFORMED
                            + ": the administration does not validate", null));
                    continue;
                }
                for (org.openrom.core.safety.SafetyAlert al : sc.alerts()) {
                    if (al.unanswered()) {
                        res.add(RomSpark.alert(episode, al)); // only a whole administration can say an item was left out
                    }
                }
                for (org.openrom.core.score.Score s : sc.scores()) {
                    if (s.isScored()) {
                        res.add(RowFactory.create("score", patient, episode, s.scale(), a.occasion(), s.value().getAsDouble(),
                                null, null));
                    } else {
                        res.add(RowFactory.create("dead-letter", patient, episode, s.scale(), a.occasion(), null,
                                "not-scored: " + s.missingReason().orElse("too many missing answers"), null));
                    }
                }
            }
        }

        /** The alerts of every critical answer given, from the critical items alone. */
        void criticalAlerts() {
            for (org.openrom.core.score.Administration.Builder b : critical.values()) {
                org.openrom.core.score.Administration a;
                try {
                    a = b.build();
                } catch (RuntimeException ex) {
                    continue;
                }
                for (org.openrom.core.safety.SafetyAlert al : Engine.INSTRUMENTS.get(a.instrumentId()).alerts(a)) {
                    if (!al.unanswered()) {
                        res.add(RomSpark.alert(episode, al));
                    }
                }
            }
        }
    }
}
