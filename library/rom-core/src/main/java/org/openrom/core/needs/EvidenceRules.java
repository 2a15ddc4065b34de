package org.openrom.core.needs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.internal.Checks;
import org.openrom.core.internal.Fields;
import org.openrom.core.internal.Json;
import org.openrom.core.track.TrackStatus;

/**
 * A versioned set of {@link EvidenceRule}s plus the report profile (which instruments' negative responses
 * and which life-events checklist the NOT report shows). Loaded from JSON; {@link #loadDefault()} is
 * OpenROM's documented default mapping (docs/needs-and-reports.md). Validated against a taxonomy and the installed
 * instruments by {@link NeedsEngine}.
 *
 * @param id the rule set id
 * @param version its version
 * @param taxonomyId the taxonomy it is written for
 * @param source where its mapping comes from
 * @param rules the rules
 * @param negativeResponseInstruments the instruments whose negative responses the report lists first, in this order
 *     (those of every other instrument the patient answered follow)
 * @param worstFraction how much of an item's range counts as its worse end (0.25: the worst quarter)
 * @param lifeEventsInstrument the checklist whose reported events the report lists ("" for none)
 */
public record EvidenceRules(String id, String version, String taxonomyId, String source, List<EvidenceRule> rules,
        List<String> negativeResponseInstruments, double worstFraction, String lifeEventsInstrument) {

    /** Copies. */
    public EvidenceRules {
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        negativeResponseInstruments = List.copyOf(Objects.requireNonNull(negativeResponseInstruments, "negativeResponseInstruments"));
    }

    /** @return OpenROM's default evidence mapping */
    public static EvidenceRules loadDefault() {
        return fromTree(Json.readResource(EvidenceRules.class, "evidence.json"));
    }

    /**
     * @param json an evidence document
     * @return the rules
     * @throws org.openrom.core.ValidationException listing every problem with its JSON path
     */
    public static EvidenceRules fromJson(String json) {
        return fromTree(Json.readTree(json, "evidence rules"));
    }

    static EvidenceRules fromTree(JsonNode tree) {
        Checks.Problems p = new Checks.Problems("evidence rules");
        Fields f = new Fields(tree, "", p);
        f.requireFormat("openrom-needs-evidence");
        String id = f.text("id");
        String version = f.text("version");
        String taxonomy = f.text("taxonomy");
        String source = f.text("source", "");
        List<String> negative = new ArrayList<>();
        double[] worst = {0.25};
        String[] lifeEvents = {""};
        f.object("report").ifPresent(rf -> {
            rf.object("negativeResponses").ifPresent(nf -> {
                negative.addAll(nf.texts("instruments"));
                worst[0] = nf.number("worstFraction", 0.25);
                if (!(worst[0] > 0 && worst[0] <= 1)) {
                    p.add(nf.at("worstFraction"), worst[0], "a fraction in (0, 1]");
                }
                nf.finish();
            });
            rf.object("lifeEvents").ifPresent(lf -> {
                lifeEvents[0] = lf.text("instrument", "");
                lf.finish();
            });
            rf.finish();
        });
        List<EvidenceRule> rules = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Fields rf : f.objects("rules", true)) {
            String rid = rf.text("id");
            if (rid != null && !ids.add(rid)) {
                p.add(rf.at("id"), rid, "a rule id not used before");
            }
            List<String> subs = rf.texts("subthemes");
            var rationale = rf.textMap("rationale");
            Condition c = rf.object("condition").map(cf -> condition(cf)).orElse(null);
            if (!rf.has("condition")) {
                p.addRaw(rf.at("condition"), "missing", "a condition");
            }
            rf.finish();
            if (rid != null && c != null && Checks.isId(rid)) {
                rules.add(new EvidenceRule(rid, subs, rationale, c));
            } else if (rid != null && !Checks.isId(rid)) {
                p.add(rf.at("id"), rid, "an id");
            }
        }
        f.finish();
        p.throwIfAny();
        return new EvidenceRules(id, version, taxonomy, source, rules, negative, worst[0], lifeEvents[0]);
    }

    private static Condition condition(Fields f) {
        String type = f.text("type");
        if (type == null) {
            return null;
        }
        Condition c;
        switch (type) {
            case "scale":
                c = new Condition.ScaleCondition(f.text("scale"), op(f), f.number("value", 0), window(f));
                break;
            case "item":
                c = new Condition.ItemCondition(f.text("instrument"), f.texts("items"), op(f), f.number("value", 0), window(f));
                break;
            case "change":
                c = new Condition.ChangeCondition(f.text("scale"), f.number("improvement", 0));
                break;
            case "status": {
                String rule = f.text("rule");
                String st = f.text("status");
                TrackStatus status = null;
                try {
                    status = st == null ? null : TrackStatus.valueOf(st);
                } catch (IllegalArgumentException e) {
                    f.problems().add(f.at("status"), st, "one of ON_TRACK, NOT_ON_TRACK, INSUFFICIENT_DATA");
                }
                c = status == null ? null : new Condition.StatusCondition(rule, status);
                break;
            }
            case "flag":
                c = new Condition.FlagCondition(f.text("flag"));
                break;
            case "all":
            case "any": {
                List<Condition> nested = new ArrayList<>();
                for (Fields nf : f.objects("conditions", true)) {
                    Condition n = condition(nf);
                    if (n != null) {
                        nested.add(n);
                    }
                }
                c = type.equals("all") ? new Condition.AllCondition(nested) : new Condition.AnyCondition(nested);
                break;
            }
            default:
                f.problems().add(f.at("type"), type, "one of scale, item, change, status, flag, all, any");
                c = null;
        }
        f.finish();
        return c;
    }

    private static Condition.Op op(Fields f) {
        String s = f.text("op");
        Condition.Op op = s == null ? null : Condition.Op.of(s);
        if (s != null && op == null) {
            f.problems().add(f.at("op"), s, "one of <, <=, >, >=, ==");
        }
        return op == null ? Condition.Op.EQ : op;
    }

    private static int window(Fields f) {
        int w = f.optInteger("window").orElse(1);
        if (w < 1) {
            f.problems().add(f.at("window"), w, "an integer >= 1");
        }
        return w;
    }

    /**
     * Lists every reference that does not resolve: sub-themes not in the taxonomy, scales, instruments and
     * items not installed.
     *
     * @param taxonomy the taxonomy
     * @param instruments the installed instruments
     * @return problems as "path: message"; empty when everything resolves
     */
    public List<String> unresolved(NeedsTaxonomy taxonomy, InstrumentRegistry instruments) {
        List<String> out = new ArrayList<>();
        if (!taxonomy.id().equals(taxonomyId)) {
            out.add("taxonomy: rules written for '" + taxonomyId + "', not '" + taxonomy.id() + "'");
        }
        for (int i = 0; i < rules.size(); i++) {
            EvidenceRule r = rules.get(i);
            for (int k = 0; k < r.subthemes().size(); k++) {
                if (taxonomy.findSubtheme(r.subthemes().get(k)).isEmpty()) {
                    out.add("rules[" + i + "] (" + r.id() + ").subthemes[" + k + "]: unknown sub-theme '"
                            + r.subthemes().get(k) + "'");
                }
            }
            check(r.condition(), "rules[" + i + "] (" + r.id() + ").condition", instruments, out);
        }
        for (int i = 0; i < negativeResponseInstruments.size(); i++) {
            if (instruments.find(negativeResponseInstruments.get(i)).isEmpty()) {
                out.add("report.negativeResponses.instruments[" + i + "]: unknown instrument '"
                        + negativeResponseInstruments.get(i) + "'");
            }
        }
        if (!lifeEventsInstrument.isEmpty() && instruments.find(lifeEventsInstrument).isEmpty()) {
            out.add("report.lifeEvents.instrument: unknown instrument '" + lifeEventsInstrument + "'");
        }
        return out;
    }

    private static void check(Condition c, String path, InstrumentRegistry instruments, List<String> out) {
        if (c instanceof Condition.ScaleCondition) {
            String s = ((Condition.ScaleCondition) c).scale();
            if (instruments.findScale(s).isEmpty()) {
                out.add(path + ".scale: unknown scale '" + s + "'");
            }
        } else if (c instanceof Condition.ChangeCondition) {
            String s = ((Condition.ChangeCondition) c).scale();
            if (instruments.findScale(s).isEmpty()) {
                out.add(path + ".scale: unknown scale '" + s + "'");
            }
        } else if (c instanceof Condition.ItemCondition) {
            Condition.ItemCondition ic = (Condition.ItemCondition) c;
            Instrument ins = instruments.find(ic.instrument()).orElse(null);
            if (ins == null) {
                out.add(path + ".instrument: unknown instrument '" + ic.instrument() + "'");
            } else {
                for (int k = 0; k < ic.items().size(); k++) {
                    if (ins.item(ic.items().get(k)).isEmpty()) {
                        out.add(path + ".items[" + k + "]: unknown item '" + ic.items().get(k) + "' of " + ic.instrument());
                    }
                }
            }
        } else if (c instanceof Condition.AllCondition) {
            List<Condition> n = ((Condition.AllCondition) c).conditions();
            for (int k = 0; k < n.size(); k++) {
                check(n.get(k), path + ".conditions[" + k + "]", instruments, out);
            }
        } else if (c instanceof Condition.AnyCondition) {
            List<Condition> n = ((Condition.AnyCondition) c).conditions();
            for (int k = 0; k < n.size(); k++) {
                check(n.get(k), path + ".conditions[" + k + "]", instruments, out);
            }
        }
    }
}
