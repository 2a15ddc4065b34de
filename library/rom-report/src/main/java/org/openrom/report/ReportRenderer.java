package org.openrom.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openrom.core.needs.Evidence;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.track.Finding;

/**
 * Renders a {@link NotReport} as one self-contained HTML page (inline SVG and CSS, no external assets,
 * no script) or as Markdown, and a therapy group as an overview page. The renderer's own words (headings,
 * table headers, notes, chart labels) are in English or Danish; sub-theme, theme and intervention labels
 * and evidence rationales come from the needs engine in the chosen language (both falling back to
 * English); rule reasons and evidence sentences are the rules' own, in English. All untrusted text (comments, clinician notes, ids) is escaped with the OWASP Java Encoder.
 * Output is deterministic: the same report gives the same bytes. Thread-safe.
 *
 * <p>The pages are built by parts in Java ({@code PatientHtml}, {@code PatientMarkdown}, {@code GroupHtml}, over the
 * shared words of {@code PageText}), not by a template engine: every untrusted text goes through one escaping call at
 * the place it is written, the pages need no dependency beyond the encoder, and the bytes stay those the tests pin.
 */
public final class ReportRenderer {
    private final PageText.Settings settings;
    private final PatientHtml patientHtml;
    private final PatientMarkdown patientMarkdown;
    private final GroupHtml groupHtml;
    private final WorklistHtml worklistHtml;

    /**
     * @param needs the engine whose taxonomy and evidence rules label the needs
     * @param language {@code en} or {@code da}
     * @throws org.openrom.core.ValidationException for any other language, listing those available
     */
    public ReportRenderer(NeedsEngine needs, String language) {
        this(needs, language, DEFAULT_DROPOUT_AFTER, org.openrom.core.safety.AlertWording.neutral());
    }

    /** Missed sessions in a row after which the group page marks a member at risk of dropping out, by default. */
    public static final int DEFAULT_DROPOUT_AFTER = 2;

    private ReportRenderer(NeedsEngine needs, String language, int dropoutAfter,
            org.openrom.core.safety.AlertWording wording) {
        Objects.requireNonNull(needs, "needs");
        Objects.requireNonNull(language, "language");
        UiText ui = UiText.of(language);
        Map<String, String> labels = new java.util.HashMap<>();
        for (var ins : needs.instruments().instruments()) {
            ins.translations().getOrDefault(language, Map.of()).forEach((k, v) -> labels.put(ins.id() + "." + k, v));
        }
        this.settings = new PageText.Settings(needs, language, ui, dropoutAfter, wording, Map.copyOf(labels));
        this.patientHtml = new PatientHtml(settings);
        this.patientMarkdown = new PatientMarkdown(settings);
        this.groupHtml = new GroupHtml(settings);
        this.worklistHtml = new WorklistHtml(settings);
    }

    /** @return the languages the pages can be written in */
    public static List<String> languages() {
        return UiText.LANGUAGES;
    }

    /**
     * @param sessions missed sessions in a row (1 or more) after which a member is shown at risk of dropping out
     * @return a renderer like this one with that threshold
     * @throws org.openrom.core.ValidationException when {@code sessions} is below 1
     */
    public ReportRenderer dropoutAfter(int sessions) {
        if (sessions < 1) {
            throw new org.openrom.core.ValidationException("report renderer", "dropoutAfter", String.valueOf(sessions),
                    "an integer >= 1 (missed sessions in a row)");
        }
        return new ReportRenderer(settings.needs(), settings.language(), sessions, settings.wording());
    }

    /**
     * @param wording the clinic's wording of safety alerts (per language; the neutral default quotes no item)
     * @return a renderer like this one that words alerts so
     */
    public ReportRenderer alertWording(org.openrom.core.safety.AlertWording wording) {
        return new ReportRenderer(settings.needs(), settings.language(), settings.dropoutAfter(),
                Objects.requireNonNull(wording, "wording"));
    }

    /**
     * A reason a rule gave, as the pages say it: in this renderer's language (the rule's own English sentence where no
     * translation fits its arguments). What a CDS card or another surface shows beside the report, so that both say
     * the same thing.
     *
     * @param finding a reason from a {@link org.openrom.core.track.TrackAssessment} or {@link NotReport}
     * @return the sentence, without a final full stop
     */
    public String reason(org.openrom.core.track.Finding finding) {
        return patientHtml.reason(Objects.requireNonNull(finding, "finding"));
    }

    /**
     * @param report the report
     * @return a complete, well-formed XHTML document
     */
    public String html(NotReport report) {
        return patientHtml.html(report);
    }

    /**
     * @param report the report
     * @return the report as Markdown; untrusted text is escaped so that it renders as text
     */
    public String markdown(NotReport report) {
        return patientMarkdown.markdown(report);
    }

    /**
     * The clinician's worklist page ({@link org.openrom.core.monitor.OutcomeMonitor#worklist}): every patient who needs
     * attention, ranked, each with the reason in one line, the rule and its version, since when, last seen, the open
     * alerts in the clinic's wording and who acknowledged what; readable at 400 px. An empty list says how many
     * patients were looked at.
     *
     * @param worklist the worklist
     * @param title what the list is of ({@code "clinician c-17"}, a team), or empty
     * @param links patient id → link to the patient's report (unsafe links are dropped)
     * @return a complete, well-formed XHTML document
     */
    public String worklist(org.openrom.core.worklist.Worklist worklist, String title, Map<String, String> links) {
        return worklistHtml.worklist(worklist, title, links, null);
    }

    /**
     * The worklist page with a link to the page of all groups.
     *
     * @param worklist the worklist
     * @param title what the list is of, or empty
     * @param links patient id → link to the patient's report (unsafe links are dropped)
     * @param groups a link to the groups' page (dropped when unsafe)
     * @return a complete, well-formed XHTML document
     */
    public String worklist(org.openrom.core.worklist.Worklist worklist, String title, Map<String, String> links,
            String groups) {
        Objects.requireNonNull(groups, "groups");
        return worklistHtml.worklist(worklist, title, links, groups);
    }

    /**
     * A group page at the group's latest session: {@link #groupPage} with the largest occasion of the reports and
     * no navigation.
     *
     * @param groupId the group
     * @param reports one report per member, each at the same session
     * @param links member id → relative link to that member's report (may be empty); a link that is not a
     *     relative path or an {@code http(s)} URL ({@code javascript:}, {@code data:}, …) is dropped and the
     *     member is shown without a link
     * @return a complete XHTML document
     */
    public String groupOverview(String groupId, List<NotReport> reports, Map<String, String> links) {
        return groupHtml.groupOverview(groupId, reports, links);
    }

    /**
     * The page of one therapy group at one session: a members × sessions status grid (colour and symbol), the
     * share of attending members not on track per session, attendance and drop-out risk ({@link #dropoutAfter}
     * missed sessions in a row), each member's status now and top need, linked to the member's report.
     *
     * @param groupId the group
     * @param session the session shown
     * @param reports one report per member at {@code session}
     * @param links member id → link to the member's report at that session (unsafe links are dropped)
     * @param previous link to the page of the previous session, or null
     * @param next link to the page of the next session, or null
     * @return a complete XHTML document
     */
    public String groupPage(String groupId, int session, List<NotReport> reports, Map<String, String> links,
            String previous, String next) {
        return groupHtml.groupPage(groupId, session, reports, links, previous, next);
    }

    /**
     * The group page with the group's climate ({@link org.openrom.core.report.GroupClimate}): per session the
     * members' mean and spread on each scale, each member's position against the group and their own baseline,
     * and possible ruptures with the criterion said in words.
     *
     * @param groupId the group
     * @param session the session shown
     * @param reports one report per member at {@code session}
     * @param links member id → link to the member's report at that session (unsafe links are dropped)
     * @param previous link to the page of the previous session, or null
     * @param next link to the page of the next session, or null
     * @param climate the group's climate at {@code session}, or null for none
     * @return a complete XHTML document
     */
    public String groupPage(String groupId, int session, List<NotReport> reports, Map<String, String> links,
            String previous, String next, org.openrom.core.report.GroupClimate climate) {
        return groupHtml.groupPage(groupId, session, reports, links, previous, next, climate);
    }

    /** @return a rule's name in the page's language (tests) */
    String ruleName(String spec) {
        return patientHtml.ruleName(spec);
    }

    /** @return an evidence sentence in the page's language (tests) */
    String evidence(Evidence e) {
        return patientHtml.evidence(e);
    }
}
