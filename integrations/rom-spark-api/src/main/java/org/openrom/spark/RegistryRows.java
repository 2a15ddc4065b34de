package org.openrom.spark;


import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One person's (and episode's) registry rows into score rows and dead letters: each tool code mapped onto a scale, and
 * each date's rank among the episode's dates as its occasion. Runs on the executors, inside {@code flatMapGroups}.
 */
final class RegistryRows {
    private RegistryRows() {
    }

    /**
     * @param rows {@code person_id, episode, tool, date, score} as text
     * @param codes tool code to scale
     * @return the mapped rows
     */
    static Iterator<Row> mapGroup(Iterator<Row> rows, Map<String, String> codes) {
        List<Row> kept = new ArrayList<>();
        List<Row> res = new ArrayList<>();
        TreeSet<String> dates = new TreeSet<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String scale = r.isNullAt(2) ? null : codes.get(r.getString(2).trim());
            String date = r.isNullAt(3) ? null : r.getString(3).trim();
            if (scale == null) {
                res.add(RowFactory.create("dead-letter", r.getString(0), r.getString(1), r.getString(2), null,
                        null, RomSpark.UNKNOWN_TOOL + ": no mapping for this tool code", date));
            } else if (date == null || !date.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}.*")) {
                res.add(RowFactory.create("dead-letter", r.getString(0), r.getString(1), scale, null, null,
                        RomSpark.MALFORMED + ": date is not an ISO date", date));
            } else {
                dates.add(date.substring(0, 10));
                kept.add(RowFactory.create(r.getString(0), r.getString(1), scale, date.substring(0, 10),
                        r.isNullAt(4) ? null : r.getString(4)));
            }
        }
        List<String> rank = new ArrayList<>(dates);
        for (Row r : kept) {
            Double s = RomSpark.number(r.getString(4));
            if (s == null) {
                res.add(RowFactory.create("dead-letter", r.getString(0), r.getString(1), r.getString(2),
                        rank.indexOf(r.getString(3)), null, RomSpark.MALFORMED + ": score is not a finite number",
                        r.getString(3)));
            } else {
                res.add(RowFactory.create("score", r.getString(0), r.getString(1), r.getString(2),
                        rank.indexOf(r.getString(3)), s, null, r.getString(3)));
            }
        }
        return res.iterator();
    }
}
