package org.openrom.tck;

import java.util.ArrayList;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.instrument.ResponseScale;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openrom.core.score.Administration;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators of administrations for any instrument (the fixtures of the compatibility kits, rom-tck). */
public final class AnswerSets {
    private AnswerSets() {
    }

    /** @return complete, valid answer sets: every ordinal item answered within its range */
    public static Gen<Map<String, Integer>> complete(Instrument instrument) {
        List<Item> items = ordinal(instrument);
        return Generate.intArrays(Generate.constant(items.size()), Generate.range(0, 10_000)).map(raw -> {
            Map<String, Integer> m = new TreeMap<>();
            for (int i = 0; i < items.size(); i++) {
                ResponseScale rs = items.get(i).scale();
                m.put(items.get(i).id(), rs.min() + raw[i] % (rs.max() - rs.min() + 1));
            }
            return m;
        });
    }

    /** @return valid answer sets in which any non-required item may be missing */
    public static Gen<Map<String, Integer>> withMissing(Instrument instrument) {
        List<Item> items = ordinal(instrument);
        return complete(instrument).zip(Generate.intArrays(Generate.constant(items.size()), Generate.range(0, 3)),
                (full, mask) -> {
                    Map<String, Integer> m = new TreeMap<>(full);
                    for (int i = 0; i < items.size(); i++) {
                        if (mask[i] == 0 && !items.get(i).required()) {
                            m.remove(items.get(i).id());
                        }
                    }
                    return m;
                });
    }

    /** @return the ordinal items of an instrument */
    public static List<Item> ordinal(Instrument instrument) {
        List<Item> out = new ArrayList<>();
        for (Item it : instrument.items()) {
            if (it.type() == ItemType.ORDINAL) {
                out.add(it);
            }
        }
        return out;
    }

    /**
     * @param instrument the instrument
     * @param answers the answers
     * @return an administration of patient {@code p1} at occasion 1
     */
    public static Administration administration(Instrument instrument, Map<String, Integer> answers) {
        Administration.Builder b = Administration.builder("p1", instrument.id(), 1);
        answers.forEach(b::answer);
        return b.build();
    }
}
