package org.openrom.core.needs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openrom.core.UnknownIdException;
import org.openrom.core.internal.Checks;
import org.openrom.core.internal.Fields;
import org.openrom.core.internal.Json;

/**
 * The needs taxonomy: themes, sub-themes (with the study's descriptions and interview counts) and
 * candidate add-on interventions, loaded from a versioned JSON resource. The default is the taxonomy of
 * Gryesten et al. 2024 in English and Danish; a clinic may load its own ({@link #fromJson}); every
 * problem is reported with its JSON path. Immutable.
 */
public final class NeedsTaxonomy {
    private final String id;
    private final String version;
    private final String source;
    private final List<String> languages;
    private final List<NeedTheme> themes;
    private final List<Intervention> interventions;
    private final Map<String, NeedSubtheme> subthemes;

    private NeedsTaxonomy(String id, String version, String source, List<String> languages, List<NeedTheme> themes,
            List<Intervention> interventions) {
        this.id = id;
        this.version = version;
        this.source = source;
        this.languages = List.copyOf(languages);
        this.themes = List.copyOf(themes);
        this.interventions = List.copyOf(interventions);
        Map<String, NeedSubtheme> m = new LinkedHashMap<>();
        themes.forEach(t -> t.subthemes().forEach(s -> m.put(s.id(), s)));
        this.subthemes = Map.copyOf(m);
    }

    /** @return the built-in taxonomy of Gryesten et al. 2024 */
    public static NeedsTaxonomy loadDefault() {
        return fromJson(Json.readResource(NeedsTaxonomy.class, "taxonomy.json"));
    }

    /**
     * @param json a taxonomy document
     * @return the taxonomy
     * @throws org.openrom.core.ValidationException listing every problem with its path
     */
    public static NeedsTaxonomy fromJson(String json) {
        return fromJson(Json.readTree(json, "taxonomy"));
    }

    static NeedsTaxonomy fromJson(JsonNode tree) {
        Checks.Problems p = new Checks.Problems("needs taxonomy");
        Fields f = new Fields(tree, "", p);
        f.requireFormat("openrom-needs-taxonomy");
        String id = f.text("id");
        String version = f.text("version");
        String source = f.text("source", "");
        List<String> languages = f.texts("languages");
        List<NeedTheme> themes = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Fields tf : f.objects("themes", true)) {
            String tid = tf.text("id");
            Map<String, String> label = tf.textMap("label");
            List<NeedSubtheme> subs = new ArrayList<>();
            for (Fields sf : tf.objects("subthemes", true)) {
                String sid = sf.text("id");
                Map<String, String> sl = sf.textMap("label");
                Map<String, String> sd = sf.textMap("description");
                int pc = sf.integer("patients", 0);
                int tc = sf.integer("therapists", 0);
                sf.finish();
                if (sid != null && seen.put(sid, sf.path()) != null) {
                    p.add(sf.at("id"), sid, "a sub-theme id not used before");
                }
                try {
                    subs.add(new NeedSubtheme(sid, tid == null ? "x" : tid, sl, sd, pc, tc));
                } catch (RuntimeException e) {
                    p.addRaw(sf.path(), "invalid", e.getMessage());
                }
            }
            tf.finish();
            try {
                themes.add(new NeedTheme(tid, label, subs));
            } catch (RuntimeException e) {
                p.addRaw(tf.path(), "invalid", e.getMessage());
            }
        }
        List<Intervention> interventions = new ArrayList<>();
        for (Fields inf : f.objects("interventions", true)) {
            String iid = inf.text("id");
            Map<String, String> label = inf.textMap("label");
            List<String> serves = inf.texts("serves");
            inf.finish();
            for (int i = 0; i < serves.size(); i++) {
                if (!seen.containsKey(serves.get(i))) {
                    p.add(inf.at("serves[" + i + "]"), serves.get(i), "a sub-theme of this taxonomy: " + seen.keySet());
                }
            }
            try {
                interventions.add(new Intervention(iid, label, serves));
            } catch (RuntimeException e) {
                p.addRaw(inf.path(), "invalid", e.getMessage());
            }
        }
        f.finish();
        p.throwIfAny();
        return new NeedsTaxonomy(id, version, source, languages, themes, interventions);
    }

    /** @return the taxonomy id */
    public String id() {
        return id;
    }

    /** @return the taxonomy version */
    public String version() {
        return version;
    }

    /** @return the bibliographic source */
    public String source() {
        return source;
    }

    /** @return the languages labels are given in */
    public List<String> languages() {
        return languages;
    }

    /** @return the themes in order */
    public List<NeedTheme> themes() {
        return themes;
    }

    /** @return the interventions in order */
    public List<Intervention> interventions() {
        return interventions;
    }

    /** @return the sub-theme with that id */
    public Optional<NeedSubtheme> findSubtheme(String subthemeId) {
        return Optional.ofNullable(subthemes.get(subthemeId));
    }

    /**
     * @param subthemeId a sub-theme id
     * @return the sub-theme
     * @throws UnknownIdException listing the known sub-themes
     */
    public NeedSubtheme subtheme(String subthemeId) {
        NeedSubtheme s = subthemes.get(subthemeId);
        if (s == null) {
            throw new UnknownIdException("sub-theme", subthemeId, subthemes.keySet());
        }
        return s;
    }

    /** @return the theme with that id */
    public Optional<NeedTheme> theme(String themeId) {
        return themes.stream().filter(t -> t.id().equals(themeId)).findFirst();
    }
}
