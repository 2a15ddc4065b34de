package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.openrom.core.json.RomJson;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.report.NotReport;
import org.openrom.core.track.TrackStatus;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Golden files for HTML and Markdown, well-formedness of HTML and SVG, escaping of hostile text, and the
 * report's JSON round trip. Regenerate the golden files with {@code -Dopenrom.golden.update=true}.
 */
class ReportTest {
    static final String COMMENT = "Hard week <b>really</b> & *not* [fine](x) — don't";
    private final ReportRenderer en = new ReportRenderer(Example.NEEDS, "en");

    static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static void golden(String name, String actual) throws IOException {
        Path file = Paths.get("src/test/resources/org/openrom/report", name);
        if (Boolean.getBoolean("openrom.golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file)).as("golden file " + file + " (create with -Dopenrom.golden.update=true)").isTrue();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void theExampleReportHasTheExpectedContent() {
        NotReport r = Example.report(COMMENT);
        assertThat(r.status()).isEqualTo(TrackStatus.NOT_ON_TRACK);
        assertThat(r.groupId()).isEqualTo("g1");
        assertThat(r.reasons().get(0).sentence()).isEqualTo("ODSIS 16 is 4 points worse than baseline 12 at session 5");
        assertThat(r.trajectories()).singleElement().satisfies(t -> {
            assertThat(t.scale()).isEqualTo("odsis.total");
            assertThat(t.points()).extracting(p -> p.score()).containsExactly(12.0, 12.0, 13.0, 15.0, 14.0, 16.0);
            assertThat(t.points().get(5).display()).isEqualTo(4.0);
        });
        assertThat(r.needs().needs()).extracting(RaisedNeed::subtheme).contains("what-is-at-stake", "motivation",
                "homework", "comorbidity", "sensitive-subjects", "involvement-of-relatives", "current-strains");
        assertThat(r.needs().needs()).filteredOn(n -> n.subtheme().equals("involvement-of-relatives")).singleElement()
                .satisfies(n -> {
                    assertThat(n.confirmed()).isTrue();
                    assertThat(n.inferred()).isFalse();
                });
        assertThat(r.negativeResponses()).extracting(i -> i.instrument() + "." + i.item())
                .contains("odsis.q1", "homework.q1", "psychlops.q1b");
        assertThat(r.lifeEvents()).extracting(i -> i.item() + "@" + i.occasion()).containsExactly("finances@4");
        assertThat(r.comments()).singleElement().satisfies(c -> assertThat(c.occasion()).isEqualTo(3));
    }

    @Test
    void htmlAndMarkdownMatchTheGoldenFiles() throws IOException {
        NotReport r = Example.report(COMMENT);
        golden("example-report.html", en.html(r));
        golden("example-report.md", en.markdown(r));
        golden("example-report-da.html", new ReportRenderer(Example.NEEDS, "da").html(r));
        golden("example-report-da.md", new ReportRenderer(Example.NEEDS, "da").markdown(r));
    }

    @Test
    void aDanishReportUsesDanishWordsThroughoutItsOwnText() {
        NotReport r = Example.report(COMMENT);
        ReportRenderer da = new ReportRenderer(Example.NEEDS, "da");
        String html = da.html(r) + da.markdown(r) + da.groupOverview("g1", List.of(r), Map.of());
        // the rules' own sentences stay English: UI phrases that also occur in them are not checked
        StringBuilder ruleText = new StringBuilder();
        r.assessments().forEach(a -> a.reasons().forEach(f -> ruleText.append(f.sentence()).append('\n')));
        r.needs().needs().forEach(n -> n.evidence().forEach(e -> ruleText.append(e.sentence()).append('\n')));
        long checked = 0;
        for (String english : UiText.english().values()) {
            if (english.contains(" ") && !UiText.danish().containsValue(english) && !ruleText.toString().contains(english)) {
                assertThat(html).as("English UI text in a Danish report").doesNotContain(english);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(25);
        assertThat(html).contains("Mulige behov", "Hvorfor ikke på sporet", "ikke på sporet", "Om denne rapport",
                "Gruppe g1", "klinisk grænseværdi");
        assertThat(da.html(r)).contains("lang=\"da\"");
    }

    @Test
    void everyLanguageHasEveryWordAndUnknownLanguagesFallBackToEnglish() {
        // English says the rules' and evidence's own sentences; every other language has a template for them
        assertThat(UiText.danish().keySet().stream().filter(k -> !k.startsWith("reason.") && !k.startsWith("evidence.") && !k.startsWith("value."))
                .toList()).containsExactlyInAnyOrderElementsOf(UiText.english().keySet());
        assertThat(UiText.danish().values()).allSatisfy(w -> assertThat(w).isNotBlank());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UiText.of("sv"))
                .isInstanceOf(org.openrom.core.ValidationException.class).hasMessageContaining("sv")
                .hasMessageContaining("en, da");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReportRenderer(Example.NEEDS, "fr"))
                .hasMessageContaining("expected one of en, da");
        assertThat(ReportRenderer.languages()).containsExactly("en", "da");
        assertThat(UiText.of("da").status("NOT_ON_TRACK")).isEqualTo("ikke på sporet");
        assertThat(UiText.of("da").status("")).isEqualTo("—");
        assertThat(UiText.of("da").status("SOMETHING_NEW")).isEqualTo("something new");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UiText.ENGLISH.get("nope"))
                .hasMessage("no UI text 'nope'");
    }

    @Test
    void htmlAndSvgAreWellFormedAndSelfContained() throws Exception {
        NotReport r = Example.report(COMMENT);
        String html = en.html(r);
        Document doc = parseXml(html);
        NodeList svgs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        assertThat(svgs.getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        String withoutNamespaces = html.replace("xmlns=\"http://www.w3.org/1999/xhtml\"", "")
                .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutNamespaces).doesNotContain("http://", "https://", "<link", "src=", "<script").contains("<svg");
        String svg = TrajectoryChart.svg(r.trajectories().get(0), r.comments(), 640, 220);
        Document s = parseXml(svg);
        assertThat(s.getDocumentElement().getLocalName()).isEqualTo("svg");
        // one mark per session: circles on track, diamonds (paths) where NOT
        assertThat(s.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength()
                + s.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength()).isEqualTo(6);
        assertThat(svg).contains("class=\"not\"").contains("class=\"cutoff\"");
        String group = en.groupOverview("g1", List.of(r), Map.of("p-001", "p-001.html"));
        parseXml(group);
        assertThat(group).contains("href=\"p-001.html\"");
        for (String hostile : new String[] {"javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
            "data:text/html,<script>x</script>", "vbscript:x", "//evil.example/p", "file:///etc/passwd"}) {
            String g = en.groupOverview("g1", List.of(r), Map.of("p-001", hostile));
            parseXml(g);
            assertThat(g).as(hostile).doesNotContain("href=").contains("p-001");
        }
        assertThat(en.groupOverview("g1", List.of(r), Map.of("p-001", "https://ehr.example/p/1"))).contains("href=\"https://ehr.example/p/1\"");
    }

    @Test
    void hostileCommentsAreRenderedAsText() throws Exception {
        String[] payloads = {
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>",
            "]]><script>x</script>", "<!--", "javascript:alert(1)", "&lt;script&gt;", "<iframe src=\"//evil\"></iframe>",
            "' onmouseover='alert(1)", "<a href=\"javascript:alert(1)\">click</a>"};
        for (String p : payloads) {
            NotReport r = Example.report(p);
            String html = en.html(r);
            Document doc = parseXml(html);
            assertThat(doc.getElementsByTagName("script").getLength()).as(p).isZero();
            assertThat(doc.getElementsByTagName("img").getLength()).as(p).isZero();
            assertThat(doc.getElementsByTagName("iframe").getLength()).as(p).isZero();
            NodeList anchors = doc.getElementsByTagName("a");
            for (int i = 0; i < anchors.getLength(); i++) {
                // the only links are the page's own references from needs to evidence
                assertThat(((org.w3c.dom.Element) anchors.item(i)).getAttribute("href")).as(p).matches("#e[0-9]+");
            }
            assertThat(doc.getDocumentElement().getTextContent()).as(p).contains(p);
            Document svg = parseXml(TrajectoryChart.svg(r.trajectories().get(0), r.comments(), 400, 200));
            assertThat(svg.getDocumentElement().getTextContent()).contains(p);
            String md = en.markdown(r);
            assertThat(md).doesNotContain("<script", "<img", "<iframe", "<a ", "<svg");
        }
    }

    @Test
    void theReportRoundTripsThroughJson() {
        NotReport r = Example.report(COMMENT);
        String json = RomJson.write(r);
        assertThat(RomJson.read(json, NotReport.class)).isEqualTo(r);
        assertThat(json).contains("\"patientId\":\"p-001\"");
    }

    @Test
    void aCriticalItemsAlertComesFirstOnTheReportAndTheGroupPageWhateverTheStatus() throws Exception {
        List<org.openrom.core.score.Administration> h = new java.util.ArrayList<>(Example.history(COMMENT));
        h.add(org.openrom.core.score.Administration.builder("p-001", "phq9", 5).groupId("g1").answers("q", 0, 0, 0, 0, 0,
                0, 0, 0, 1).build());
        NotReport r = new org.openrom.core.report.NotReportBuilder(Example.INSTRUMENTS, Example.rules(), Example.NEEDS)
                .administrations(h).build("p-001", 5);
        assertThat(r.alerts()).extracting(a -> a.code()).containsExactly("phq9-self-harm");
        String html = en.html(r);
        parseXml(html);
        int alert = html.indexOf("id=\"alerts\"");
        assertThat(alert).isPositive().isLessThan(html.indexOf("id=\"summary\""));
        assertThat(html).contains("<strong>High</strong> · PHQ-9 item 9, thoughts of death or self-harm: Several days (1) "
                + "at session 5.");
        assertThat(new ReportRenderer(Example.NEEDS, "da").html(r)).contains("Sikkerhedsalarm", "<strong>Høj</strong>",
                "PHQ-9 spørgsmål 9, tanker om død eller selvskade: flere dage (1) ved session 5.");
        // the clinic's wording, in the clinic's language
        ReportRenderer clinic = en.alertWording(org.openrom.core.safety.AlertWording.fromJson(
                "{\"en\": {\"phq9-self-harm\": \"Item 9 = {value}: call the patient today (crisis line 1234).\"}}"));
        assertThat(clinic.html(r)).contains("Item 9 = 1: call the patient today (crisis line 1234).");
        assertThat(en.markdown(r)).startsWith("> **⚠ High** · PHQ-9 item 9, thoughts of death or self-harm");
        String group = en.groupOverview("g1", List.of(r, Example.report(COMMENT)), Map.of());
        parseXml(group);
        assertThat(group.indexOf("id=\"alerts\"")).isPositive().isLessThan(group.indexOf("id=\"summary\""));
        assertThat(group).contains("Patient p-001 · PHQ-9 item 9");
        // no alert, no block
        assertThat(en.html(Example.report(COMMENT))).doesNotContain("id=\"alerts\"");
        assertThat(RomJson.read(RomJson.write(r), NotReport.class)).isEqualTo(r);
    }

    @Test
    void anAlertStaysOnLaterReportsUntilAcknowledgedAndThenSaysWhoDidWhat() throws Exception {
        List<org.openrom.core.score.Administration> h = new java.util.ArrayList<>(Example.history(COMMENT));
        h.add(org.openrom.core.score.Administration.builder("p-001", "phq9", 4).groupId("g1").answers("q", 0, 0, 0, 0, 0,
                0, 0, 0, 2).build());
        h.add(org.openrom.core.score.Administration.builder("p-001", "phq9", 5).groupId("g1").answers("q", 0, 0, 0, 0, 0,
                0, 0, 0, 0).build());
        NotReport open = new org.openrom.core.report.NotReportBuilder(Example.INSTRUMENTS, Example.rules(), Example.NEEDS)
                .administrations(h).build("p-001", 5);
        // the answer at session 5 is fine; the alert of session 4 is still there, as nobody has acknowledged it
        assertThat(open.alerts()).extracting(a -> a.id()).containsExactly("phq9.q9@4");
        assertThat(en.html(open)).contains("id=\"alerts\"", "More than half the days (2) at session 4");
        org.openrom.core.safety.Acknowledgement ack = new org.openrom.core.safety.Acknowledgement("phq9.q9@4", "c-17",
                java.time.Instant.parse("2026-12-07T10:15:00Z"), java.util.Optional.of("called-patient"));
        NotReport done = new org.openrom.core.report.NotReportBuilder(Example.INSTRUMENTS, Example.rules(), Example.NEEDS)
                .administrations(h).acknowledgements(List.of(ack)).build("p-001", 5);
        assertThat(done.alerts()).isEmpty();
        String html = en.html(done);
        parseXml(html);
        assertThat(html).doesNotContain("id=\"alerts\"").contains("Acknowledged alerts",
                "More than half the days (2) at session 4. Follow your clinic&#39;s risk procedure. Acknowledged by c-17 at "
                        + "2026-12-07 10:15 UTC: called-patient.");
        assertThat(en.markdown(done)).contains("## Acknowledged alerts");
        assertThat(new ReportRenderer(Example.NEEDS, "da").html(done)).contains("Kvitterede alarmer", "Kvitteret af c-17");
        assertThat(RomJson.read(RomJson.write(done), NotReport.class)).isEqualTo(done);
    }
}
