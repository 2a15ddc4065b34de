package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.needs.Evidence;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.report.NotReport;
import org.openrom.core.score.Administration;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What the patient report's summary and the group page say, read back from the rendered XHTML. */
class PagesTest {
    private final ReportRenderer en = new ReportRenderer(Example.NEEDS, "en");

    private static String text(Document d, String tag, String cls) {
        NodeList n = d.getElementsByTagName(tag);
        for (int i = 0; i < n.getLength(); i++) {
            Element e = (Element) n.item(i);
            if ((" " + e.getAttribute("class") + " ").contains(" " + cls + " ")) {
                return e.getTextContent().replaceAll("\\s+", " ").strip();
            }
        }
        throw new AssertionError("no <" + tag + " class=" + cls + ">");
    }

    @Test
    void theSummaryTellsStatusSinceWhenWhyByWhichRuleAndWhatToConsider() throws Exception {
        NotReport r = Example.report(ReportTest.COMMENT);
        Document d = ReportTest.parseXml(en.html(r));
        assertThat(d.getElementsByTagName("header").item(0).getTextContent()).isNotBlank();
        assertThat(text(d, "p", "status")).isEqualTo("! not on track since session " + r.notSince() + " · "
                + (r.persistent() ? r.consecutiveNot() + " sessions in a row" : "first session not on track"));
        assertThat(text(d, "p", "why")).startsWith("Why: " + r.reasons().get(0).sentence() + ".")
                .endsWith("Status by the rule: Deterioration or no change.");
        String firstNeed = Example.NEEDS.taxonomy().subtheme(r.needs().needs().get(0).subtheme()).label("en");
        assertThat(text(d, "p", "top-needs")).startsWith("Top needs: " + firstNeed);
        assertThat(text(d, "p", "addons")).startsWith("Add-ons to consider: ");
        assertThat(text(d, "p", "attendance")).isEqualTo("No missed session.");
        // the canonical specs are kept, below, in "About this report"
        assertThat(en.html(r)).contains("<code>" + r.strips().get(1).rule() + "</code>");
        assertThat(r.strips().get(1).rule()).startsWith("persistent:k=2,rule=(deterioration-or-no-change:");
        assertThat(en.ruleName("persistent:k=2,rule=(deterioration-or-no-change)"))
                .isEqualTo("Deterioration or no change, 2 sessions in a row");
        assertThat(new ReportRenderer(Example.NEEDS, "da").ruleName("reliable-change:sd-pre=4")).isEqualTo("Pålidelig ændring");
        assertThat(en.ruleName("my-own-rule:x=1")).isEqualTo("My own rule");
    }

    @Test
    void evidenceIsListedOnceAndEveryNeedReferencesIt() throws Exception {
        NotReport r = Example.report(ReportTest.COMMENT);
        List<String> distinct = new ArrayList<>();
        int mentions = 0;
        for (RaisedNeed n : r.needs().needs()) {
            for (Evidence e : n.evidence()) {
                mentions++;
                String key = e.kind() + "|" + e.reference() + "|" + e.occasion() + "|" + e.sentence();
                if (!distinct.contains(key)) {
                    distinct.add(key);
                }
            }
        }
        assertThat(mentions).isGreaterThan(distinct.size()); // the example has evidence shared by needs
        String html = en.html(r);
        Document d = ReportTest.parseXml(html);
        Element list = null;
        NodeList ols = d.getElementsByTagName("ol");
        for (int i = 0; i < ols.getLength(); i++) {
            if (((Element) ols.item(i)).getAttribute("class").equals("evidence-list")) {
                list = (Element) ols.item(i);
            }
        }
        NodeList items = list.getElementsByTagName("li");
        assertThat(items.getLength()).isEqualTo(distinct.size());
        for (String key : distinct) {
            String sentence = key.substring(key.lastIndexOf('|') + 1);
            assertThat(html.split(java.util.regex.Pattern.quote(org.owasp.encoder.Encode.forHtml(sentence)), -1))
                    .as(sentence).hasSize(2);
        }
        assertThat(html).contains("supported by <a href=\"#e1\">E1</a>");
    }

    @Test
    void aMemberWhoStoppedComingIsAbsentInTheReportAndAtRiskOnTheGroupPage() throws Exception {
        OutcomeMonitor.Builder b = OutcomeMonitor.builder().instruments(Example.INSTRUMENTS).needs(Example.NEEDS)
                .keepHistory(100).rule("deterioration-or-no-change");
        OutcomeMonitor m = b.build();
        for (int s = 0; s <= 6; s++) {
            m.record(Example.odsis("stays", s, 3, 3, 2, 2, 2));
            if (s <= 3) {
                m.record(Example.odsis("leaves", s, 3, 3, 3, 3, 3));
            }
        }
        List<NotReport> now = m.group("g1");
        assertThat(now).extracting(NotReport::patientId).containsExactly("leaves", "stays");
        NotReport leaves = now.get(0);
        assertThat(leaves.occasion()).isEqualTo(6);
        assertThat(leaves.absentNow()).isTrue();
        assertThat(leaves.missed()).containsExactly(4, 5, 6);
        Document report = ReportTest.parseXml(en.html(leaves));
        assertThat(text(report, "p", "absent")).isEqualTo("○ No questionnaire at session 6: last seen at session 3.");
        assertThat(text(report, "p", "attendance")).isEqualTo("Missed sessions: 4, 5, 6");
        String page = en.groupPage("g1", 6, now, Map.of("leaves", "leaves.html", "stays", "javascript:x"), "g1-s5.html",
                "javascript:alert(1)");
        Document d = ReportTest.parseXml(page);
        assertThat(text(d, "p", "absent")).isEqualTo("○ leaves (drop-out risk: 3 sessions missed in a row)");
        // the headline counts what the grid's "now" column shows: an absent member is absent, never "not on track now"
        assertThat(leaves.status()).isEqualTo(org.openrom.core.track.TrackStatus.NOT_ON_TRACK);
        assertThat(leaves.notOnTrackNow()).isFalse();
        assertThat(text(d, "p", "share")).isEqualTo("2 members: " + (now.get(1).notOnTrackNow() ? "1" : "0")
                + " not on track now, 1 absent, " + (now.get(1).notOnTrackNow() ? "0" : "1") + " on track");
        // absent since the first session missed (last seen at 3)
        assertThat(page).contains("○ absent since session 4</span>");
        assertThat(page).contains("href=\"leaves.html\"").contains("href=\"g1-s5.html\"").doesNotContain("javascript:");
        assertThat(page).contains("<td class=\"missed\" title=\"Session 4: missed session\">○</td>");
        // the newest session first: session 6 (one of two members attends) down to session 0 (both)
        assertThat(page).contains("<tr><th colspan=\"2\">attended</th><td>1</td><td>1</td><td>1</td><td>2</td><td>2</td><td>2</td><td>2</td>");
        assertThat(page.indexOf("<th>6</th>")).isLessThan(page.indexOf("<th>0</th>"));
        assertThat(en.dropoutAfter(4).groupPage("g1", 6, now, Map.of(), null, null)).doesNotContain("drop-out risk: 3");
        assertThatThrownBy(() -> en.dropoutAfter(0)).hasMessageContaining("dropoutAfter");
        // earlier sessions: each member at that session
        assertThat(m.group("g1", 2)).allSatisfy(r -> assertThat(r.occasion()).isEqualTo(2));
        assertThat(m.group("nobody")).isEmpty();
    }

    @Test
    void theChartLabelsItsAxisWithRawScoresInTheDisplayOrientationAndWritesTheLastScore() throws Exception {
        NotReport r = Example.report(ReportTest.COMMENT);
        String svg = TrajectoryChart.svg(r.trajectories().get(0), r.comments(), 640, 240);
        Document s = ReportTest.parseXml(svg);
        NodeList texts = s.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> y = new ArrayList<>();
        List<Double> yPos = new ArrayList<>();
        String last = null;
        for (int i = 0; i < texts.getLength(); i++) {
            Element e = (Element) texts.item(i);
            if (e.getAttribute("class").equals("ytick")) {
                y.add(e.getTextContent());
                yPos.add(Double.parseDouble(e.getAttribute("y")));
            } else if (e.getAttribute("class").equals("last")) {
                last = e.getTextContent();
            }
        }
        // ODSIS is reversed: 0 at the top (smallest y), 20 at the bottom
        assertThat(y).containsExactly("0", "5", "10", "15", "20");
        assertThat(yPos).isSorted();
        assertThat(last).isEqualTo("16");
        assertThat(TrajectoryChart.orientation(r.trajectories().get(0), UiText.ENGLISH))
                .isEqualTo("Axis reversed: 0 at the top, 20 at the bottom, so up is better.");
        assertThat(s.getElementsByTagNameNS("http://www.w3.org/2000/svg", "desc").item(0).getTextContent())
                .contains("Session 5: 16 (not on track).");
        assertThat(TrajectoryChart.ticks(0, 27)).containsExactly(0.0, 5.0, 10.0, 15.0, 20.0, 25.0);
        assertThat(TrajectoryChart.ticks(0, 28)).containsExactly(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 28.0);
        assertThat(TrajectoryChart.ticks(1, 7)).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0);
        assertThat(TrajectoryChart.ticks(0, 1)).containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
        assertThat(Administration.class).isNotNull();
    }

    @Test
    void theGroupPageShowsTheClimateAndSaysWhyAMemberIsFlagged() throws Exception {
        OutcomeMonitor m = OutcomeMonitor.builder().instruments(Example.INSTRUMENTS).needs(Example.NEEDS).keepHistory(100)
                .rule("deterioration-or-no-change").build();
        int[][] pb = {{6, 6, 6, 3}, {5, 5, 5, 5}};
        for (int s = 0; s < 4; s++) {
            for (int p = 0; p < 2; p++) {
                int v = pb[p][s];
                m.record(Administration.builder("m" + p, "gq12", s).groupId("g1").answers("pb", v, v, v, v)
                        .answers("pw", 5, 5, 5, 5).answers("nr", 2, 2, 2, 2).build());
                m.record(Example.odsis("m" + p, s, 3, 3, 2, 2, 2));
            }
        }
        var options = org.openrom.core.report.GroupClimate.Options.of(List.of("gq12.pb", "gq12.pw", "gq12.nr"));
        var climate = m.groupClimate("g1", 3, options);
        assertThat(climate.possibleRuptures()).extracting(p -> p.patientId() + " " + p.scale()).containsExactly("m0 gq12.pb");
        String page = en.groupPage("g1", 3, m.group("g1"), Map.of(), null, null, climate);
        Document d = ReportTest.parseXml(page);
        assertThat(text(d, "p", "rupture")).isEqualTo("⚑ m0: " + Example.INSTRUMENTS.scale("gq12.pb").label()
                + " 3 — 3 points worse than own baseline 6");
        assertThat(page).contains("at least 1 points worse than the mean of their first 2 sessions")
                .contains("4 ± 1.41 (n 2)").contains("3 (group −1, own −3)");
        assertThat(new ReportRenderer(Example.NEEDS, "da").groupPage("g1", 3, m.group("g1"), Map.of(), null, null, climate))
                .contains("Gruppeklima", "3 point dårligere end egen baseline 6");
    }

    @Test
    void aDanishReportSaysTheReasonsAndTheEvidenceInDanish() {
        NotReport r = Example.report(ReportTest.COMMENT);
        ReportRenderer da = new ReportRenderer(Example.NEEDS, "da");
        assertThat(r.reasons().get(0).sentence()).isEqualTo("ODSIS 16 is 4 points worse than baseline 12 at session 5");
        assertThat(da.reason(r.reasons().get(0))).isEqualTo("ODSIS 16 er 4 point dårligere end baseline 12 ved session 5");
        assertThat(en.reason(r.reasons().get(0))).isEqualTo(r.reasons().get(0).sentence());
        String html = da.html(r);
        assertThat(html).contains("ODSIS 16 er 4 point dårligere end baseline 12 ved session 5")
                .doesNotContain("worse than baseline", " at session ");
        // a finding without arguments, or with a code no template knows, keeps its sentence
        assertThat(da.reason(new org.openrom.core.track.Finding("baseline", "Baseline 12 at session 0")))
                .isEqualTo("Baseline 12 at session 0");
        assertThat(da.reason(org.openrom.core.track.Finding.of("no-reference", "Too few reference scores (3) for intake "
                + "band 1 at 2 sessions after intake", Map.of("n", "3", "band", "1", "offset", "2"))))
                .isEqualTo("For få referencescorer (3) for udgangsgruppe 1 2 sessioner efter start");
        assertThat(da.reason(org.openrom.core.track.Finding.of("deterioration", "x", Map.of("scale", "ODSIS"))))
                .isEqualTo("x");
        Evidence status = new Evidence("r", "status", "persistent", 3, "NOT_ON_TRACK", "Rule persistent is not on track at "
                + "session 3", new java.util.TreeMap<>(Map.of("rule", "persistent", "status", "NOT_ON_TRACK", "session", "3")));
        assertThat(da.evidence(status)).isEqualTo("Reglen Vedvarende ikke på sporet er ikke på sporet ved session 3");
    }

    @Test
    void everyReasonTheBuiltInRulesGiveHasACompleteDanishTemplate() {
        var env = org.openrom.core.track.spi.RuleEnvironment.of(Example.INSTRUMENTS);
        List<String> specs = List.of("deterioration-or-no-change", "deterioration-or-no-change:reference=previous,sticky=true",
                "deterioration-or-no-change:mode=improvement", "persistent:k=2,rule=(deterioration-or-no-change)",
                "deterioration-threshold:threshold=2", "reliable-change:sd-pre=3", "reliable-change:sd-pre=3,mean-pre=14,cutoff=a",
                "percent-change", "expected-response:b0=14,b1=0,b2=-2,b3=0,sigma=2",
                "talking-therapies", "any-of:rules=(deterioration-threshold:threshold=2;percent-change)");
        List<org.openrom.core.track.TrackRule> rules = specs.stream().map(sp -> Example.RULES.create(sp, env)).toList();
        ReportRenderer da = new ReportRenderer(Example.NEEDS, "da");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        org.quicktheories.QuickTheory.qt().withExamples(150).forAll(org.quicktheories.generators.Generate.intArrays(
                org.quicktheories.generators.Generate.constant(16), org.quicktheories.generators.Generate.range(0, 3)))
                .checkAssert(v -> {
                    List<Administration> a = new ArrayList<>();
                    for (int s = 0; s < 8; s++) {
                        a.add(Example.odsis("p", s, v[s], v[s], v[(s + 1) % 8], 2, 2));
                        a.add(Administration.builder("p", "phq9", s).answers("q", v[s], v[s], v[8 + s], 1, 1, 1, 1, 1, 0).build());
                        a.add(Administration.builder("p", "gad7", s).answers("q", v[8 + s], v[s], 1, 1, 1, 1, 1).build());
                    }
                    var h = org.openrom.core.history.PatientHistory.score("p", Example.INSTRUMENTS, a);
                    for (var t : org.openrom.core.history.RuleTrack.evaluate(rules, h)) {
                        for (var as : t.assessments()) {
                            for (var f : as.reasons()) {
                                seen.add(f.code());
                                // every built-in reason carries its arguments, and Danish has a template for it
                                assertThat(f.args()).as(t.rule().ref().id() + " " + f.code()).isNotEmpty();
                                assertThat(da.reason(f)).as(t.rule().ref().id() + " " + f.code() + " " + f.args())
                                        .isNotEqualTo(f.sentence()).doesNotContain("{");
                            }
                        }
                    }
                });
        // the codes a NOT report shows all came up, and carry arguments
        assertThat(seen).contains("deterioration", "no-change", "sticky", "persistent", "deterioration-since-previous",
                "reliable-deterioration", "insufficient-improvement", "worse-than-expected", "on-track", "baseline");
    }

    @Test
    void everyBuiltInInstrumentHasDanishLabelsAndTheDanishPageUsesThem() {
        for (var ins : Example.INSTRUMENTS.instruments()) {
            Map<String, String> da = ins.translations().get("da");
            assertThat(da).as(ins.id()).isNotNull().containsKey("name");
            ins.items().forEach(it -> assertThat(da).containsKey(it.id()));
            ins.scales().forEach(sc -> assertThat(da).containsKey(sc.id() + ".label"));
        }
        NotReport r = Example.report(ReportTest.COMMENT);
        String html = new ReportRenderer(Example.NEEDS, "da").html(r);
        assertThat(html).contains("GQ-12 positiv tilknytning 3,25 ved session 5", "Hjemmeopgaver",
                "Betydningsfulde livsbegivenheder den seneste uge: økonomi = 1 ved session 4")
                .doesNotContain("Homework tracker", "GQ-12 positive bonding", "frequency of depression");
        // the report itself is unchanged: the renderer translates what it shows
        assertThat(r.negativeResponses()).extracting(i -> i.topic()).contains("frequency of depression");
    }

    @Test
    void danishPagesWriteNumbersWithADecimalComma() {
        assertThat(UiText.of("da").num(3.5)).isEqualTo("3,5");
        assertThat(UiText.of("da").num(-0.25)).isEqualTo("-0,25");
        assertThat(UiText.of("da").num(16)).isEqualTo("16");
        assertThat(UiText.of("en").num(3.5)).isEqualTo("3.5");
        NotReport r = Example.report("");
        String da = new ReportRenderer(Example.NEEDS, "da").markdown(r);
        assertThat(da).contains("positiv tilknytning 3,25").doesNotContain("3.25");
        assertThat(en.markdown(r)).contains("3.25");
    }
}
