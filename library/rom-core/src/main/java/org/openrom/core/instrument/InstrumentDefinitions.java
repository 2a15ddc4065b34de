package org.openrom.core.instrument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;
import org.openrom.core.internal.Fields;
import org.openrom.core.internal.Json;

/**
 * The declarative instrument format: an instrument defined in JSON, loadable without Java code.
 * The built-in instruments are defined in this format too. See {@code docs/instrument-format.md}.
 *
 * <pre>{@code
 * {"id": "core10", "version": "1", "name": "…", "source": "…", "licence": "…",
 *  "items": [{"id": "q1", "topic": "…", "min": 0, "max": 4, "reversed": false, "required": false}],
 *  "missingData": {"maxMissingFraction": 0.1, "substitutions": {}},
 *  "scales": [{"id": "total", "label": "CORE-10", "items": ["q1", …], "aggregation": "sum",
 *              "direction": "lower-is-better", "display": "reversed", "cutoff": 11,
 *              "bands": [{"from": 0, "label": "healthy"}], "psychometrics": {"reliability": 0.9}}],
 *  "criticalItems": [{"item": "q6", "atLeast": 1, "severity": "high", "code": "core10-risk",
 *                     "unanswered": {"severity": "high", "code": "core10-risk-unanswered"}}],
 *  "translations": {"da": {"name": "…", "q1": "…", "total.label": "CORE-10"}}}
 * }</pre>
 *
 * <p>Every problem of a definition is reported at once, each with its JSON path.
 */
public final class InstrumentDefinitions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InstrumentDefinitions() {
    }

    /**
     * @param json a definition
     * @return the instrument
     * @throws DataFormatException when the text is not JSON
     * @throws ValidationException listing every problem of the definition
     */
    public static Instrument fromJson(String json) {
        return fromTree(Json.readTree(json, "<instrument definition>"));
    }

    /**
     * @param in a definition in UTF-8 (not closed)
     * @param source a name for messages
     * @return the instrument
     */
    public static Instrument fromJson(InputStream in, String source) {
        return fromTree(Json.readTree(in, source));
    }

    /**
     * Loads a definition that is a class-path resource next to {@code anchor}. On the module path a named module's
     * resources are encapsulated: there, open the stream in your own module and call {@link #fromJson(InputStream,
     * String)} (as the built-in instruments do), or open the package to {@code org.openrom.core}.
     *
     * @param anchor a class of the module that holds the resource
     * @param resource the resource name relative to the anchor's package
     * @return the instrument
     */
    public static Instrument fromResource(Class<?> anchor, String resource) {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(resource, "resource");
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataFormatException(resource, 0, 0, "resource not found next to " + anchor.getName(), null);
            }
            return fromJson(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param tree a parsed definition
     * @return the instrument
     * @throws ValidationException listing every problem, with JSON paths
     */
    public static Instrument fromTree(JsonNode tree) {
        Checks.Problems p = new Checks.Problems("instrument definition");
        Fields f = new Fields(tree, "", p);
        String id = f.text("id");
        String version = f.text("version");
        Instrument.Builder b = Instrument.builder(id, version)
                .name(f.text("name"))
                .source(f.text("source", ""))
                .licence(f.text("licence", ""));
        f.textMap("codes").forEach(b::code);
        f.node("translations").ifPresent(t -> {
            if (!t.isObject()) {
                p.addRaw(f.at("translations"), Fields.describe(t), "an object of languages");
                return;
            }
            t.properties().forEach(e -> new Fields(t, f.at("translations"), p).textMap(e.getKey())
                    .forEach((k, v) -> b.translation(e.getKey(), k, v)));
        });
        for (Fields itf : f.objects("items", true)) {
            Item item = readItem(itf);
            if (item != null) {
                b.item(item);
            }
        }
        f.object("missingData").ifPresent(mf -> {
            double frac = mf.number("maxMissingFraction", MissingDataPolicy.DEFAULT.maxMissingFraction());
            Map<String, String> subs = mf.textMap("substitutions");
            mf.finish();
            try {
                b.missingDataPolicy(new MissingDataPolicy(frac, subs));
            } catch (ValidationException e) {
                p.addAll(mf.path(), e.violations());
            }
        });
        for (Fields sf : f.objects("scales", true)) {
            b.scale(readScale(sf));
        }
        for (Fields cf : f.objects("criticalItems", false)) {
            CriticalItem ci = readCriticalItem(cf);
            if (ci != null) {
                b.criticalItem(ci);
            }
        }
        f.finish();
        p.throwIfAny();
        try {
            return b.build();
        } catch (ValidationException e) {
            throw new ValidationException("instrument definition " + id, e.violations());
        }
    }

    private static Item readItem(Fields f) {
        String id = f.text("id");
        String topic = f.text("topic");
        ItemType type = f.enumValue("type", ItemType.class, ItemType.ORDINAL);
        OptionalInt min = f.optInteger("min");
        OptionalInt max = f.optInteger("max");
        Map<String, String> rawLabels = f.textMap("labels");
        boolean reversed = f.bool("reversed", false);
        boolean required = f.bool("required", false);
        Optional<String> text = f.optText("text");
        f.finish();
        Map<Integer, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : rawLabels.entrySet()) {
            try {
                labels.put(Integer.parseInt(e.getKey()), e.getValue());
            } catch (NumberFormatException ex) {
                f.problems().add(f.at("labels." + e.getKey()), e.getKey(), "an integer answer value as key");
            }
        }
        Optional<ResponseScale> rs = Optional.empty();
        if (type == ItemType.ORDINAL) {
            if (min.isEmpty() || max.isEmpty()) {
                f.problems().addRaw(f.at("max"), "missing", "min and max for an ordinal item");
                return null;
            }
            try {
                rs = Optional.of(new ResponseScale(min.getAsInt(), max.getAsInt(), labels));
            } catch (ValidationException e) {
                f.problems().addAll(f.path(), e.violations());
                return null;
            }
        } else if (min.isPresent() || max.isPresent()) {
            f.problems().addRaw(f.at("min"), "present", "no min/max for a text item");
            return null;
        }
        try {
            return new Item(id, topic, type, rs, reversed, required, text);
        } catch (ValidationException | NullPointerException e) {
            if (e instanceof ValidationException) {
                f.problems().addAll(f.path(), ((ValidationException) e).violations());
            }
            return null;
        }
    }

    private static Scale.Builder readScale(Fields f) {
        String id = f.text("id");
        Scale.Builder b = Scale.builder(id, f.text("label"))
                .items(f.texts("items"))
                .aggregation(f.enumValue("aggregation", Aggregation.class, Aggregation.SUM))
                .factor(f.number("factor", 1))
                .direction(f.enumValue("direction", Direction.class, Direction.LOWER_IS_BETTER))
                .display(f.enumValue("display", DisplayOrientation.class, DisplayOrientation.AS_SCORED));
        f.optNumber("cutoff").ifPresent(b::cutoff);
        for (Fields bf : f.objects("bands", false)) {
            OptionalDouble from = bf.optNumber("from");
            String label = bf.text("label");
            bf.finish();
            if (from.isEmpty()) {
                bf.problems().addRaw(bf.at("from"), "missing", "a number");
            } else if (label != null && !label.isBlank()) {
                b.band(from.getAsDouble(), label);
            }
        }
        f.object("psychometrics").ifPresent(pf -> {
            Psychometrics.Builder pb = Psychometrics.builder();
            pf.optNumber("reliability").ifPresent(pb::reliability);
            OptionalDouble cm = pf.optNumber("clinicalMean");
            OptionalDouble cs = pf.optNumber("clinicalSd");
            OptionalDouble fm = pf.optNumber("functionalMean");
            OptionalDouble fs = pf.optNumber("functionalSd");
            pf.optNumber("reliableChange").ifPresent(pb::reliableChange);
            pf.optNumber("meaningfulChange").ifPresent(pb::meaningfulChange);
            pb.source(pf.text("source", ""));
            pf.finish();
            try {
                Psychometrics built = pb.build();
                b.psychometrics(new Psychometrics(built.reliability(), cm, cs, fm, fs, built.reliableChange(),
                        built.meaningfulChange(), built.source()));
            } catch (ValidationException e) {
                pf.problems().addAll(pf.path(), e.violations());
            }
        });
        f.textMap("codes").forEach(b::code);
        f.finish();
        return b;
    }

    /** An item of the declarative format. */
    private static void item(ObjectNode n, Item it) {
        n.put("id", it.id());
        n.put("topic", it.topic());
        n.put("type", Fields.kebab(it.type()));
        it.responseScale().ifPresent(rs -> {
            n.put("min", rs.min());
            n.put("max", rs.max());
            if (!rs.labels().isEmpty()) {
                ObjectNode l = n.putObject("labels");
                rs.labels().forEach((k, v) -> l.put(String.valueOf(k), v));
            }
        });
        n.put("reversed", it.reversed());
        n.put("required", it.required());
        it.text().ifPresent(t -> n.put("text", t));
    }

    /** A scale of the declarative format. */
    private static void scale(ObjectNode n, Scale s) {
        n.put("id", s.id());
        n.put("label", s.label());
        ArrayNode ids = n.putArray("items");
        s.itemIds().forEach(ids::add);
        n.put("aggregation", Fields.kebab(s.aggregation()));
        n.put("factor", s.factor());
        n.put("direction", Fields.kebab(s.direction()));
        n.put("display", Fields.kebab(s.display()));
        s.cutoff().ifPresent(c -> n.put("cutoff", c));
        if (!s.bands().isEmpty()) {
            ArrayNode bands = n.putArray("bands");
            for (Band band : s.bands()) {
                bands.addObject().put("from", band.from()).put("label", band.label());
            }
        }
        if (!s.psychometrics().equals(Psychometrics.NONE)) {
            n.set("psychometrics", psychometrics(s.psychometrics()));
        }
        if (!s.codes().isEmpty()) {
            ObjectNode c = n.putObject("codes");
            s.codes().forEach(c::put);
        }
    }

    /**
     * Writes an instrument in the declarative format; {@code fromTree(toTree(i))} equals {@code i}.
     *
     * @param instrument the instrument
     * @return the definition tree
     */
    public static ObjectNode toTree(Instrument instrument) {
        java.util.Objects.requireNonNull(instrument, "instrument");
        ObjectNode o = NODES.objectNode();
        o.put("id", instrument.id());
        o.put("version", instrument.version());
        o.put("name", instrument.name());
        o.put("source", instrument.source());
        o.put("licence", instrument.licence());
        if (!instrument.codes().isEmpty()) {
            ObjectNode c = o.putObject("codes");
            instrument.codes().forEach(c::put);
        }
        if (!instrument.translations().isEmpty()) {
            ObjectNode t = o.putObject("translations");
            instrument.translations().forEach((lang, texts) -> {
                ObjectNode l = t.putObject(lang);
                texts.forEach(l::put);
            });
        }
        ArrayNode items = o.putArray("items");
        instrument.items().forEach(it -> item(items.addObject(), it));
        ObjectNode md = o.putObject("missingData");
        md.put("maxMissingFraction", instrument.missingDataPolicy().maxMissingFraction());
        ObjectNode subs = md.putObject("substitutions");
        instrument.missingDataPolicy().substitutions().forEach(subs::put);
        ArrayNode scales = o.putArray("scales");
        instrument.scales().forEach(sc -> scale(scales.addObject(), sc));
        if (!instrument.criticalItems().isEmpty()) {
            ArrayNode cis = o.putArray("criticalItems");
            for (CriticalItem ci : instrument.criticalItems()) {
                ObjectNode n = cis.addObject();
                n.put("item", ci.itemId());
                n.put("atLeast", ci.atLeast());
                if (ci.atMost() != Integer.MAX_VALUE) {
                    n.put("atMost", ci.atMost());
                }
                n.put("severity", ci.severity().code());
                n.put("code", ci.code());
                ci.unanswered().ifPresent(u -> n.putObject("unanswered").put("severity", u.severity().code())
                        .put("code", u.code()));
            }
        }
        return o;
    }

    private static CriticalItem readCriticalItem(Fields f) {
        String item = f.text("item");
        java.util.OptionalInt atLeast = f.optInteger("atLeast");
        java.util.OptionalInt atMost = f.optInteger("atMost");
        if (atLeast.isEmpty()) {
            f.problems().addRaw(f.at("atLeast"), "missing", "the lowest answer that alerts");
        }
        org.openrom.core.safety.Severity severity = severity(f, "severity");
        String code = f.text("code");
        Optional<CriticalItem.Unanswered> unanswered = Optional.empty();
        Optional<Fields> uf = f.object("unanswered");
        if (uf.isPresent()) {
            org.openrom.core.safety.Severity us = severity(uf.get(), "severity");
            String uc = uf.get().text("code");
            uf.get().finish();
            if (us != null && uc != null) {
                try {
                    unanswered = Optional.of(new CriticalItem.Unanswered(us, uc));
                } catch (ValidationException e) {
                    f.problems().addAll(uf.get().path(), e.violations());
                }
            }
        }
        f.finish();
        if (item == null || atLeast.isEmpty() || severity == null || code == null) {
            return null;
        }
        try {
            return new CriticalItem(item, atLeast.getAsInt(), atMost.orElse(Integer.MAX_VALUE), severity, code, unanswered);
        } catch (ValidationException e) {
            f.problems().addAll(f.path(), e.violations());
            return null;
        }
    }

    private static org.openrom.core.safety.Severity severity(Fields f, String field) {
        String text = f.text(field);
        if (text == null) {
            return null;
        }
        try {
            return org.openrom.core.safety.Severity.of(text);
        } catch (IllegalArgumentException e) {
            f.problems().addRaw(f.at(field), org.openrom.core.SafeText.show(text), "high, moderate or low");
            return null;
        }
    }

    /**
     * @param p psychometrics
     * @return its JSON form (absent values omitted)
     */
    public static ObjectNode psychometrics(Psychometrics p) {
        java.util.Objects.requireNonNull(p, "p");
        ObjectNode n = NODES.objectNode();
        put(n, "reliability", p.reliability());
        put(n, "clinicalMean", p.clinicalMean());
        put(n, "clinicalSd", p.clinicalSd());
        put(n, "functionalMean", p.functionalMean());
        put(n, "functionalSd", p.functionalSd());
        put(n, "reliableChange", p.reliableChange());
        put(n, "meaningfulChange", p.meaningfulChange());
        if (!p.source().isEmpty()) {
            n.put("source", p.source());
        }
        return n;
    }

    private static void put(ObjectNode n, String field, OptionalDouble v) {
        v.ifPresent(d -> n.put(field, d));
    }

    /**
     * @param instrument the instrument
     * @return its definition as compact JSON
     */
    public static String toJson(Instrument instrument) {
        java.util.Objects.requireNonNull(instrument, "instrument");
        return toTree(instrument).toString();
    }

}
