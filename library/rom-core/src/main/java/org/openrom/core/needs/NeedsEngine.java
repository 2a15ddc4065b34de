package org.openrom.core.needs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.instrument.InstrumentRegistry;

/**
 * Evaluates evidence rules for a patient and ranks the needs they raise, next to the needs a clinician
 * recorded (kept apart). Immutable and thread-safe.
 *
 * <p>Ranking: needs with more pieces of support (evidence + confirmations) first; ties broken by how
 * many of the study's patient interviews raised the sub-theme, then by id. Candidate interventions are
 * those of the taxonomy serving at least one raised need, in taxonomy order. A comment a clinician tagged
 * with a sub-theme is evidence of kind {@code tag} for that sub-theme.
 */
public final class NeedsEngine {
    private final NeedsTaxonomy taxonomy;
    private final EvidenceRules rules;
    private final InstrumentRegistry instruments;

    private NeedsEngine(NeedsTaxonomy taxonomy, EvidenceRules rules, InstrumentRegistry instruments) {
        this.taxonomy = taxonomy;
        this.rules = rules;
        this.instruments = instruments;
    }

    /**
     * @param taxonomy the taxonomy
     * @param rules the evidence rules
     * @param instruments the installed instruments
     * @return the engine
     * @throws ValidationException naming every reference that does not resolve
     */
    public static NeedsEngine of(NeedsTaxonomy taxonomy, EvidenceRules rules, InstrumentRegistry instruments) {
        List<String> problems = rules.unresolved(taxonomy, instruments);
        if (!problems.isEmpty()) {
            List<Violation> v = new ArrayList<>();
            for (String s : problems) {
                int colon = s.indexOf(": ");
                v.add(new Violation(s.substring(0, colon), "unresolved", s.substring(colon + 2)));
            }
            throw new ValidationException("evidence rules " + rules.id() + "@" + rules.version(), v);
        }
        return new NeedsEngine(taxonomy, rules, instruments);
    }

    /** @return the engine with the default taxonomy and evidence rules */
    public static NeedsEngine loadDefault(InstrumentRegistry instruments) {
        java.util.Objects.requireNonNull(instruments, "instruments");
        return of(NeedsTaxonomy.loadDefault(), EvidenceRules.loadDefault(), instruments);
    }

    /** @return the taxonomy */
    public NeedsTaxonomy taxonomy() {
        return taxonomy;
    }

    /** @return the instruments the evidence rules were resolved against */
    public InstrumentRegistry instruments() {
        return instruments;
    }

    /** @return the evidence rules */
    public EvidenceRules rules() {
        return rules;
    }

    /**
     * Assesses a patient's needs at an occasion from the same history value the monitor keeps and the report
     * reads (later administrations are ignored).
     *
     * @param history the patient's scored history
     * @param occasion the occasion assessed
     * @param statuses the latest status of each rule, by rule id
     * @param flags clinician flags (e.g. {@code comorbidity} recorded at intake)
     * @param commentTags occasion → sub-theme ids a clinician tagged that occasion's comment with
     * @param confirmed needs recorded by the clinician (may be empty)
     * @return the ranked needs and candidate interventions
     * @throws org.openrom.core.UnknownIdException for a confirmed or tagged sub-theme not in the taxonomy
     */
    public NeedsAssessment assess(PatientHistory history, int occasion, Map<String, TrackStatus> statuses,
            Set<String> flags, Map<Integer, List<String>> commentTags, List<ClinicianNeed> confirmed) {
        Objects.requireNonNull(history, "history");
        return assess(new NeedsInput(history.patientId(), occasion, history.administrations(), history.scores(),
                statuses, flags, commentTags), confirmed);
    }

    private NeedsAssessment assess(NeedsInput input, List<ClinicianNeed> confirmed) {
        Objects.requireNonNull(confirmed, "confirmed");
        Map<String, List<Evidence>> evidence = new LinkedHashMap<>();
        Map<String, List<ClinicianNeed>> confirmations = new LinkedHashMap<>();
        for (EvidenceRule r : rules.rules()) {
            List<Evidence> e = Conditions.evaluate(r.condition(), input, r.id(), instruments);
            if (!e.isEmpty()) {
                for (String s : r.subthemes()) {
                    evidence.computeIfAbsent(s, k -> new ArrayList<>()).addAll(e);
                }
            }
        }
        input.commentTags().forEach((occasion, tags) -> {
            for (String t : tags) {
                taxonomy.subtheme(t);
                evidence.computeIfAbsent(t, k -> new ArrayList<>()).add(new Evidence("clinician-tag", "tag", t, occasion, "",
                        "A comment at session " + occasion + " was tagged '" + taxonomy.subtheme(t).label("en") + "' by a clinician",
                        new java.util.TreeMap<>(Map.of("subtheme", t, "session", String.valueOf(occasion)))));
            }
        });
        for (ClinicianNeed c : confirmed) {
            taxonomy.subtheme(c.subtheme());
            confirmations.computeIfAbsent(c.subtheme(), k -> new ArrayList<>()).add(c);
        }
        List<String> raised = new ArrayList<>(evidence.keySet());
        for (String s : confirmations.keySet()) {
            if (!raised.contains(s)) {
                raised.add(s);
            }
        }
        raised.sort(Comparator.<String>comparingInt(s -> -(evidence.getOrDefault(s, List.of()).size()
                + confirmations.getOrDefault(s, List.of()).size()))
                .thenComparingInt(s -> -taxonomy.subtheme(s).patients())
                .thenComparing(Comparator.naturalOrder()));
        List<RaisedNeed> needs = new ArrayList<>();
        for (int i = 0; i < raised.size(); i++) {
            String s = raised.get(i);
            needs.add(new RaisedNeed(s, taxonomy.subtheme(s).themeId(), i + 1, evidence.getOrDefault(s, List.of()),
                    confirmations.getOrDefault(s, List.of())));
        }
        List<CandidateIntervention> interventions = new ArrayList<>();
        for (Intervention iv : taxonomy.interventions()) {
            List<String> serves = iv.serves().stream().filter(raised::contains).toList();
            if (!serves.isEmpty()) {
                interventions.add(new CandidateIntervention(iv.id(), serves));
            }
        }
        return new NeedsAssessment(input.patientId(), input.occasion(), taxonomy.id() + "@" + taxonomy.version(),
                rules.id() + "@" + rules.version(), needs, interventions);
    }
}
