package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.openrom.core.track.RuleRef;

/**
 * Short labels for tables and plots: the canonical spec of a rule lists every parameter, defaults included (120
 * characters are common), which is right for a methods section and unreadable in a column. A rule's label is its id
 * and only the parameters whose values differ among the compared rules of the same id, e.g.
 * {@code deterioration-or-no-change (run=2)} and {@code deterioration-or-no-change (run=3)} in a sweep of
 * {@code run}, or just {@code reliable-change} when it is the only rule of its id. Equal specs get {@code #2},
 * {@code #3}. The labels of a list are distinct; the full specs stay in every output beside them.
 */
public final class RuleLabels {
    private RuleLabels() {
    }

    /**
     * @param rules the compared rules
     * @return one distinct label per rule, in the same order
     */
    public static List<String> of(List<RuleRef> rules) {
        Objects.requireNonNull(rules, "rules");
        Map<String, List<RuleRef>> byId = new HashMap<>();
        for (RuleRef r : rules) {
            byId.computeIfAbsent(Objects.requireNonNull(r, "rules[]").id(), k -> new ArrayList<>()).add(r);
        }
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (RuleRef r : rules) {
            List<RuleRef> same = byId.get(r.id());
            TreeSet<String> differing = new TreeSet<>();
            for (RuleRef o : same) {
                TreeSet<String> keys = new TreeSet<>(o.parameters().keySet());
                keys.addAll(r.parameters().keySet());
                for (String k : keys) {
                    if (!Objects.equals(o.parameters().get(k), r.parameters().get(k))) {
                        differing.add(k);
                    }
                }
            }
            StringBuilder label = new StringBuilder(r.id());
            if (!differing.isEmpty()) {
                label.append(" (");
                String sep = "";
                for (String k : differing) {
                    label.append(sep).append(k).append('=').append(r.parameters().getOrDefault(k, "-"));
                    sep = ", ";
                }
                label.append(')');
            }
            String l = label.toString();
            int k = seen.merge(l, 1, Integer::sum);
            out.add(k == 1 ? l : l + " #" + k);
        }
        return out;
    }
}
