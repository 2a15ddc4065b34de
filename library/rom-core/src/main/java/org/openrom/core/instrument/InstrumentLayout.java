package org.openrom.core.instrument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;

/**
 * The checks and derived tables of an {@link Instrument} under construction: its critical items, its scales with the
 * indexes of their items, the substitutions of missing answers and the translations. Every problem goes to one list,
 * so that a definition's errors are reported together.
 */
final class InstrumentLayout {
    private InstrumentLayout() {
    }

    /** The built scales, by id, and for each the indexes of its items. */
    record Scales(List<Scale> scales, Map<String, Scale> byId, List<int[]> itemIndexes) {
    }

    /** Each critical item names an ordinal item whose answers can meet its condition; alert codes are unique. */
    static void checkCriticalItems(Checks.Problems p, List<CriticalItem> criticalItems, Map<String, Item> byId) {
        java.util.Set<String> alertCodes = new java.util.HashSet<>();
        for (int c = 0; c < criticalItems.size(); c++) {
            CriticalItem ci = criticalItems.get(c);
            String path = "criticalItems[" + c + "]";
            Item it = byId.get(ci.itemId());
            if (it == null || it.type() != ItemType.ORDINAL) {
                p.add(path + ".item", ci.itemId(), "an ordinal item of this instrument");
            } else if (ci.atLeast() > it.scale().max() || ci.atMost() < it.scale().min()) {
                p.add(path + ".atLeast", String.valueOf(ci.atLeast()), "a condition some answer " + it.scale().min() + ".."
                        + it.scale().max() + " of " + ci.itemId() + " can meet");
            }
            if (!alertCodes.add(ci.code())) {
                p.add(path + ".code", ci.code(), "an alert code not used before");
            }
            if (ci.unanswered().isPresent() && !alertCodes.add(ci.unanswered().get().code())) {
                p.add(path + ".unanswered.code", ci.unanswered().get().code(), "an alert code not used before");
            }
        }
    }

    /** Builds the scales, checking that each names ordinal items of the instrument once and sums exactly. */
    static Scales scales(Checks.Problems p, String instrumentId, List<Scale.Builder> builders, Map<String, Item> byId,
            Map<String, Integer> index) {
        List<Scale> built = new ArrayList<>();
        Map<String, Scale> scaleMap = new LinkedHashMap<>();
        List<int[]> idx = new ArrayList<>();
        for (int s = 0; s < builders.size(); s++) {
            Scale.Builder sb = builders.get(s);
            String path = "scales[" + s + "]";
            List<String> ids = sb.itemIds();
            if (ids.isEmpty()) {
                p.add(path + ".items", "[]", "at least one item");
                continue;
            }
            int[] ix = new int[ids.size()];
            double lo = 0;
            double hi = 0;
            long reach = 0;
            boolean ok = true;
            java.util.Set<String> inScale = new java.util.HashSet<>(ids.size() * 2);
            for (int k = 0; k < ids.size(); k++) {
                Item it = byId.get(ids.get(k));
                if (it == null) {
                    p.add(path + ".items[" + k + "]", ids.get(k), "an item of this instrument ("
                            + (byId.size() <= 20 ? byId.keySet().toString() : byId.size() + " items") + ")");
                    ok = false;
                    continue;
                }
                if (it.type() != ItemType.ORDINAL) {
                    p.add(path + ".items[" + k + "]", ids.get(k), "an ordinal item (text items are not scored)");
                    ok = false;
                    continue;
                }
                if (!inScale.add(ids.get(k))) {
                    p.add(path + ".items[" + k + "]", ids.get(k), "each item once per scale");
                    ok = false;
                }
                ix[k] = index.get(ids.get(k));
                lo += it.scale().min();
                hi += it.scale().max();
                reach += Math.max(Math.abs((long) it.scale().min()), Math.abs((long) it.scale().max()));
            }
            if (ok && reach > Instrument.MAX_SCALE_REACH) {
                // scales are summed in int arithmetic: keep every possible sum exact
                p.add(path + ".items", String.valueOf(ids), "items whose answers sum to at most " + Instrument.MAX_SCALE_REACH
                        + " in absolute value (this scale reaches " + reach + ")");
                ok = false;
            }
            if (!ok) {
                continue;
            }
            if (sb.aggregationValue() == Aggregation.MEAN) {
                lo /= ids.size();
                hi /= ids.size();
            }
            try {
                Scale scale = sb.build(instrumentId == null ? "" : instrumentId, lo * sb.factorValue(), hi * sb.factorValue());
                if (scaleMap.putIfAbsent(scale.id(), scale) != null) {
                    p.add(path + ".id", scale.id(), "a scale id not used before");
                }
                built.add(scale);
                idx.add(ix);
            } catch (ValidationException e) {
                p.addAll(path, e.violations());
            }
        }
        if (builders.isEmpty()) {
            p.add("scales", "[]", "at least one scale");
        }
        return new Scales(built, scaleMap, idx);
    }

    /** The item index each item's missing answer is substituted from (-1: none), checked for compatible items. */
    static int[] substitutes(Checks.Problems p, MissingDataPolicy missingDataPolicy, Map<String, Item> byId,
            Map<String, Integer> index, int itemCount) {
        int[] substituteIndex = new int[itemCount];
        java.util.Arrays.fill(substituteIndex, -1);
        for (Map.Entry<String, String> e : missingDataPolicy.substitutions().entrySet()) {
            Item from = byId.get(e.getKey());
            Item to = byId.get(e.getValue());
            if (from == null || from.type() != ItemType.ORDINAL) {
                p.add("missingData.substitutions", e.getKey(), "an ordinal item of this instrument");
            } else if (to == null || to.type() != ItemType.ORDINAL) {
                p.add("missingData.substitutions." + e.getKey(), e.getValue(), "an ordinal item of this instrument");
            } else if (!from.scale().equals(to.scale())) {
                p.add("missingData.substitutions." + e.getKey(), e.getValue(), "an item with the same response scale");
            } else {
                substituteIndex[index.get(e.getKey())] = index.get(e.getValue());
            }
        }
        return substituteIndex;
    }

    /** The translations, checked: language codes, and keys that are the name, an item or a scale label. */
    /** @return true for {@code <item id>=<answer>}, an answer's label, with the answer in the item's range */
    private static boolean answerKey(String key, Map<String, Item> byId) {
        int eq = key.lastIndexOf('=');
        if (eq < 1 || !key.substring(eq + 1).matches("-?[0-9]{1,9}") || !byId.containsKey(key.substring(0, eq))) {
            return false;
        }
        Item item = byId.get(key.substring(0, eq));
        int v = Integer.parseInt(key.substring(eq + 1));
        return item.responseScale().isPresent() && v >= item.scale().min() && v <= item.scale().max();
    }

    static Map<String, Map<String, String>> translations(Checks.Problems p,
            Map<String, Map<String, String>> translations, Map<String, Item> byId, Map<String, Scale> scaleMap) {
        Map<String, Map<String, String>> tr = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : translations.entrySet()) {
            String lang = e.getKey();
            if (!lang.matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")) {
                p.add("translations", lang, "a language code such as da or de-CH");
            }
            for (Map.Entry<String, String> t : e.getValue().entrySet()) {
                String key = t.getKey();
                boolean known = key.equals("name") || byId.containsKey(key)
                        || key.endsWith(".label") && scaleMap.containsKey(key.substring(0, key.length() - ".label".length()))
                        || answerKey(key, byId);
                if (!known) {
                    p.add("translations." + lang, key, "name, an item id, <item id>=<answer> or <scale id>.label of this "
                            + "instrument");
                }
                if (t.getValue().isBlank()) {
                    p.add("translations." + lang + "." + key, "\"\"", "a non-blank text");
                }
            }
            tr.put(lang, Collections.unmodifiableSortedMap(new TreeMap<>(e.getValue())));
        }
        return Collections.unmodifiableMap(tr);
    }

    /** @see Instrument#alertLabels */
    static org.openrom.core.safety.AlertWording.Labels alertLabels(Instrument ins, org.openrom.core.safety.SafetyAlert alert,
            String language) {
        java.util.Objects.requireNonNull(alert, "alert");
        java.util.Objects.requireNonNull(language, "language");
        if (!alert.instrumentId().equals(ins.id())) {
            throw new IllegalArgumentException("alertLabels: an alert of " + alert.instrumentId() + ", not of " + ins.id());
        }
        Map<String, String> tr = ins.translations().getOrDefault(language, Map.of());
        String name = !ins.scales().isEmpty() && ins.scales().get(0).label().length() <= 24 ? ins.scales().get(0).label()
                : ins.id().toUpperCase(java.util.Locale.ROOT);
        Item item = ins.items().stream().filter(i -> i.id().equals(alert.itemId())).findFirst().orElse(null);
        if (item == null) {
            return new org.openrom.core.safety.AlertWording.Labels(name, alert.itemId(), alert.itemId(), Optional.empty());
        }
        Optional<String> answer = Optional.empty();
        if (alert.value().isPresent()) {
            int v = alert.value().getAsInt();
            String label = tr.get(item.id() + "=" + v);
            if (label == null && language.equals("en") && item.responseScale().isPresent()) {
                label = item.scale().labels().get(v);
            }
            answer = Optional.ofNullable(label);
        }
        return new org.openrom.core.safety.AlertWording.Labels(name, String.valueOf(ins.items().indexOf(item) + 1),
                tr.getOrDefault(item.id(), item.topic()), answer);
    }
}
