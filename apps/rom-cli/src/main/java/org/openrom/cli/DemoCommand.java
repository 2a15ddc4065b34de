package org.openrom.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.io.NaturalOrder;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.worklist.WorklistQuery;
import org.openrom.core.monitor.StatusTransition;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.report.NotReport;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.report.ReportRenderer;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.SyntheticCohort;
import org.owasp.encoder.Encode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rom demo}: the whole job in one command. Generates three therapy groups like the study's, feeds
 * every administration through an {@link OutcomeMonitor} in session order (as an EHR would), and writes
 * the cohort CSV, the track JSONL, every member's report at the group's current session, a page per group and
 * session (with the group's GQ-12 climate) and an index page.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate three groups like the study's, run the monitoring pipeline and write cohort, tracks, "
                + "every member's report at the group's current session, a page per group and session, groups.html, and "
                + "index.html: the worklist of who needs attention now.")
final class DemoCommand implements Callable<Integer> {
    static final List<String> RULES = List.of("deterioration-or-no-change",
            "persistent:k=2,rule=(deterioration-or-no-change)");
    /** The group-climate scales of the group pages: the GQ-12 subscales, with the default rupture criteria. */
    static final org.openrom.core.report.GroupClimate.Options CLIMATE = org.openrom.core.report.GroupClimate.Options
            .of(List.of("gq12.pb", "gq12.pw", "gq12.nr"));

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo", description = "output directory (default: ${DEFAULT-VALUE}); replaced as "
            + "a whole when every file is written; must be new, empty or an earlier output of rom")
    Path out;

    @Option(names = "--seed", defaultValue = "2024", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lang", defaultValue = "en", description = "language of the pages: en or da (default: ${DEFAULT-VALUE})")
    String lang;

    @Override
    public Integer call() throws IOException {
        Common.requireLanguage(spec, lang);
        PrintWriter console = spec.commandLine().getOut();
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        SyntheticCohort cohort = SyntheticCohort.generate(CohortModel.study(3, seed));
        List<TrackRule> rules = Common.rules(RULES, reg, Map.of());
        NeedsEngine needs = NeedsEngine.loadDefault(reg);
        // the monitor keeps each patient's history, so the pages come from its own state: nothing is scored twice
        OutcomeMonitor.Builder mb = OutcomeMonitor.builder().instruments(reg).needs(needs).keepHistory(1000);
        rules.forEach(mb::rule);
        OutcomeMonitor monitor = mb.build();

        // the EHR loop: administrations arrive session by session
        Tally tally = new Tally();
        List<Administration> timeline = new ArrayList<>(cohort.administrations());
        timeline.sort(Comparator.comparingInt(Administration::occasion)
                .thenComparing(Administration::patientId, NaturalOrder.INSTANCE).thenComparing(Administration::instrumentId));
        timeline.forEach(a -> tally.add(a, monitor.record(a)));
        Map<String, Integer> lastNot = tally.lastNot;
        Map<String, Boolean> persistent = tally.persistent;
        Map<String, List<TrackAssessment>> track = tally.track;

        int[] counts = new int[1];
        List<Map.Entry<String, Integer>> topNeeds = new ArrayList<>();
        // the whole folder is one set: built beside the target and swapped in only when complete
        org.openrom.cli.io.OutputFolder.replace(out, dir -> {
            writeData(dir, cohort, track);

            ReportRenderer renderer = new ReportRenderer(needs, lang);
            // every member's report at the group's current session (a drop-out shows as absent), one page per
            // session of each group, and an index of the groups with who is not on track now
            Map<String, String> reportLinks = new LinkedHashMap<>();
            Map<String, Integer> needCounts = new TreeMap<>();
            Map<String, List<NotReport>> groups = new TreeMap<>(NaturalOrder.INSTANCE);
            for (Administration a : cohort.administrations()) {
                a.groupId().ifPresent(g -> groups.computeIfAbsent(g, monitor::group));
            }
            List<GroupLine> groupLines = new ArrayList<>();
            for (Map.Entry<String, List<NotReport>> g : groups.entrySet()) {
                groupLines.add(writeGroup(dir, renderer, monitor, g.getKey(), g.getValue(), reportLinks, needCounts));
            }
            int patients = monitor.patientCount();
            counts[0] = patients;
            topNeeds.addAll(needCounts.entrySet());
            topNeeds.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            try (AtomicOutput o = AtomicOutput.open(dir.resolve("groups.html"))) {
                o.writer().write(indexPage(patients, lastNot.size(), persistent.size(), groupLines, reportLinks, topNeeds,
                        needs, lang));
                o.commit();
            }
            // the entry page: who needs attention now, from the monitor's own state
            try (AtomicOutput o = AtomicOutput.open(dir.resolve("index.html"))) {
                o.writer().write(renderer.worklist(monitor.worklist(WorklistQuery.all()), "", reportLinks, "groups.html"));
                o.commit();
            }
        });
        int patients = counts[0];
        Path index = out.resolve("index.html");
        summary(console, patients, lastNot.size(), persistent.size(), topNeeds, needs, index);
        return 0;
    }

    /** What the EHR loop saw: each patient's assessments, the last NOT session, who became persistently NOT. */
    private static final class Tally {
        final Map<String, Integer> lastNot = new TreeMap<>(NaturalOrder.INSTANCE);
        final Map<String, Boolean> persistent = new TreeMap<>(NaturalOrder.INSTANCE);
        final Map<String, List<TrackAssessment>> track = new TreeMap<>(NaturalOrder.INSTANCE);

        void add(Administration a, MonitorUpdate u) {
            for (TrackAssessment x : u.assessments()) {
                track.computeIfAbsent(a.patientId(), k -> new ArrayList<>()).add(x);
                if (x.isNotOnTrack()) {
                    if (x.rule().id().equals("persistent")) {
                        persistent.put(a.patientId(), true);
                    } else {
                        lastNot.put(a.patientId(), x.occasion());
                    }
                }
            }
            for (StatusTransition t : u.transitions()) {
                if (t.becameNotOnTrack() && t.rule().id().equals("persistent")) {
                    persistent.put(t.patientId(), true);
                }
            }
        }
    }

    /** The cohort as item-level CSV and every assessment as JSON Lines. */
    private static void writeData(Path dir, SyntheticCohort cohort, Map<String, List<TrackAssessment>> track)
            throws IOException {
        try (AtomicOutput o = AtomicOutput.open(dir.resolve("cohort.csv"))) {
            org.openrom.io.CohortWriter csv = org.openrom.io.CohortWriter.open(o.writer(),
                    org.openrom.io.CohortInput.Format.TIDY);
            GenerateCommand.writeRows(csv, cohort.administrations(), 0);
            csv.flush();
            o.commit();
        }
        try (AtomicOutput o = AtomicOutput.open(dir.resolve("track.jsonl"))) {
            for (Map.Entry<String, List<TrackAssessment>> e : track.entrySet()) {
                List<TrackAssessment> list = new ArrayList<>(e.getValue());
                list.sort(Comparator.comparingInt(TrackAssessment::occasion));
                for (TrackAssessment a : list) {
                    o.writer().write(org.openrom.core.json.RomJson.write(new org.openrom.core.track.PatientAssessment(e.getKey(), a)));
                    o.writer().write('\n');
                }
            }
            o.commit();
        }
    }

    /** A group's members' reports and one page per session of the group; its line in the index. */
    private GroupLine writeGroup(Path dir, ReportRenderer renderer, OutcomeMonitor monitor, String group,
            List<NotReport> reports, Map<String, String> reportLinks, Map<String, Integer> needCounts)
            throws IOException {
        List<String> notNow = new ArrayList<>();
        for (NotReport r : reports) {
            String base = ReportCommand.write(dir.resolve("reports"), r, renderer);
            reportLinks.put(r.patientId(), "reports/" + base + ".html");
            if (r.notOnTrackNow()) { // an absent member's last status is not a status now
                notNow.add(r.patientId());
                for (RaisedNeed n : r.needs().needs()) {
                    needCounts.merge(n.subtheme(), 1, Integer::sum);
                }
            }
        }
        Map<String, String> links = new LinkedHashMap<>();
        reportLinks.forEach((k, v) -> links.put(k, "../" + v));
        String file = org.openrom.cli.io.FileNames.of(group);
        int current = reports.stream().mapToInt(NotReport::occasion).max().orElse(0);
        int first = current;
        for (NotReport r : reports) {
            for (var st : r.strips()) {
                first = st.occasions().isEmpty() ? first : Math.min(first, st.occasions().get(0));
            }
        }
        for (int s = first; s <= current; s++) {
            List<NotReport> at = s == current ? reports : monitor.group(group, s);
            String page = s == current ? file + ".html" : file + "-s" + s + ".html";
            String prev = s > first ? (s - 1 == current ? file + ".html" : file + "-s" + (s - 1) + ".html") : null;
            String next = s < current ? (s + 1 == current ? file + ".html" : file + "-s" + (s + 1) + ".html") : null;
            try (AtomicOutput o = AtomicOutput.open(dir.resolve("groups").resolve(page))) {
                o.writer().write(renderer.groupPage(group, s, at, links, prev, next,
                        monitor.groupClimate(group, s, CLIMATE)));
                o.commit();
            }
        }
        return new GroupLine(group, "groups/" + file + ".html", current, reports.size(), notNow,
                (int) reports.stream().filter(NotReport::absentNow).count());
    }

    /** What the demo did, on the console. */
    private void summary(PrintWriter console, int patients, int notOnTrack, int persistent,
            List<Map.Entry<String, Integer>> topNeeds, NeedsEngine needs, Path index) {
        console.println("OpenROM demo (seed " + seed + "): 3 groups, synthetic patients, rules: " + String.join("; ", RULES));
        console.println();
        console.printf("%-32s %6s%n", "patients", patients);
        console.printf("%-32s %6s%n", "Not On Track at any session", notOnTrack);
        console.printf("%-32s %6s%n", "persistently Not On Track", persistent);
        console.println();
        console.println("most frequent needs among members not on track now:");
        for (int i = 0; i < Math.min(5, topNeeds.size()); i++) {
            console.printf("  %-44s %3d%n", needs.taxonomy().subtheme(topNeeds.get(i).getKey()).label(lang),
                    topNeeds.get(i).getValue());
        }
        console.println();
        console.println("open " + index.toAbsolutePath().normalize());
        console.flush();
    }

    /** A group as the index lists it. */
    record GroupLine(String group, String link, int session, int members, List<String> notNow, int absent) {
    }

    /** The index page's own words, English and Danish (the reports use rom-report's). */
    private static final Map<String, List<String>> INDEX_WORDS = Map.of(
            "en", List.of("OpenROM demo", "Synthetic group-CBT cohort (not real patients). Rules:", "patients",
                    "Not On Track at any session", "persistently Not On Track", "Groups", "Group",
                    "not on track now", "Most frequent needs among members not on track now", "Data", "session",
                    "members", "absent"),
            "da", List.of("OpenROM-demo", "Syntetisk kohorte fra gruppe-KAT (ikke rigtige patienter). Regler:", "patienter",
                    "Ikke på sporet ved mindst én session", "Vedvarende ikke på sporet", "Grupper", "Gruppe",
                    "ikke på sporet nu", "Hyppigste behov blandt medlemmer, der ikke er på sporet nu", "Data", "session",
                    "medlemmer", "fraværende"));

    static String indexPage(int patients, int not, int persistent, List<GroupLine> groups,
            Map<String, String> reports, List<Map.Entry<String, Integer>> topNeeds, NeedsEngine needs, String lang) {
        List<String> w = INDEX_WORDS.get(lang);
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"")
                .append(lang).append("\">\n<head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, "
                        + "initial-scale=1\"/><title>").append(w.get(0))
                .append("</title><style>body{font-family:system-ui,sans-serif;max-width:760px;margin:0 auto;padding:12px 16px;"
                        + "color:#1f2937;line-height:1.45}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #e5e7eb}"
                        + "table{border-collapse:collapse}a{color:#1d4ed8}code{overflow-wrap:anywhere}</style></head>\n<body>\n<h1>")
                .append(w.get(0)).append("</h1>\n<p>").append(Encode.forHtml(w.get(1))).append(' ');
        for (String r : RULES) {
            sb.append("<code>").append(Encode.forHtml(r)).append("</code> ");
        }
        sb.append("</p>\n<table>\n<tr><td>").append(w.get(2)).append("</td><td>").append(patients).append("</td></tr>\n<tr><td>")
                .append(Encode.forHtml(w.get(3))).append("</td><td>").append(not).append("</td></tr>\n<tr><td>")
                .append(Encode.forHtml(w.get(4))).append("</td><td>").append(persistent).append("</td></tr>\n</table>\n<h2>")
                .append(w.get(5)).append("</h2>\n<table>\n");
        for (GroupLine g : groups) {
            sb.append("<tr><th><a href=\"").append(Encode.forHtmlAttribute(g.link())).append("\">").append(w.get(6)).append(' ')
                    .append(Encode.forHtml(g.group())).append("</a></th><td>").append(w.get(10)).append(' ').append(g.session())
                    .append("</td><td>").append(g.notNow().size()).append(" / ").append(g.members()).append(' ')
                    .append(Encode.forHtml(w.get(7))).append(g.absent() > 0 ? ", " + g.absent() + " " + w.get(12) : "")
                    .append("</td><td>");
            for (int i = 0; i < g.notNow().size(); i++) {
                String p = g.notNow().get(i);
                sb.append(i == 0 ? "" : ", ").append("<a href=\"").append(Encode.forHtmlAttribute(reports.get(p))).append("\">")
                        .append(Encode.forHtml(p)).append("</a>");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>").append(Encode.forHtml(w.get(8))).append("</h2>\n<ol>\n");
        for (int i = 0; i < Math.min(5, topNeeds.size()); i++) {
            sb.append("<li>").append(Encode.forHtml(needs.taxonomy().subtheme(topNeeds.get(i).getKey()).label(lang)))
                    .append(" (").append(topNeeds.get(i).getValue()).append(")</li>\n");
        }
        sb.append("</ol>\n<p>").append(w.get(9)).append(": <a href=\"cohort.csv\">cohort.csv</a> · <a href=\"track.jsonl\">")
                .append("track.jsonl</a></p>\n</body>\n</html>\n");
        return sb.toString();
    }
}
