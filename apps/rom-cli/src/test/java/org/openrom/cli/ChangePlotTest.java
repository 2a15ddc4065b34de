package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.rules.change.RciMethod;
import org.openrom.rules.change.RciParameters;
import org.quicktheories.generators.Generate;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** rom change --plot: the pre-post scatter with the band of unreliable change, the cut-off and every patient. */
class ChangePlotTest {
    @TempDir
    Path tmp;

    @Test
    void theBandsEdgesAreWhereTheIndexEqualsTheCriticalValueForEveryMethod() {
        qt().withExamples(300).forAll(Generate.enumValues(RciMethod.class), Generate.range(0, 600).map(x -> x / 10.0),
                Generate.range(50, 95).map(x -> x / 100.0)).checkAssert((m, pre, r) -> {
                    RciParameters p = new RciParameters(r, 25, 6, 18, 5, 0.4, r);
                    RciMethod.Kernel k = m.kernel(p);
                    double[] b = ChangePlot.boundaries(k, 1.96, pre);
                    assertThat(k.index(pre, b[0])).isCloseTo(-1.96, within(1e-9));
                    assertThat(k.index(pre, b[1])).isCloseTo(1.96, within(1e-9));
                });
    }

    @Test
    void everyPatientIsAMarkOfItsCategoryAndTheLegendCountsThem() throws Exception {
        Path plot = tmp.resolve("change.svg");
        Cli r = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--pre", "1",
                "--post", "4", "--reliability", "0.8", "--cutoff", "c", "--m-functional", "8", "--sd-functional", "8",
                "--plot", plot.toString());
        assertThat(r.exit).as(r.err).isZero();
        JsonNode counts = new ObjectMapper().readTree(r.out).get("summary").get("counts");
        String svg = Files.readString(plot);
        Document d = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList all = d.getElementsByTagName("*");
        java.util.Map<String, Integer> marks = new java.util.TreeMap<>();
        for (int i = 0; i < all.getLength(); i++) {
            String cls = ((org.w3c.dom.Element) all.item(i)).getAttribute("class");
            if (cls.startsWith("patient ")) {
                marks.merge(cls.substring("patient ".length()), 1, Integer::sum);
            }
        }
        counts.properties().forEach(e -> assertThat(marks.getOrDefault(e.getKey(), 0)).as(e.getKey())
                .isEqualTo(e.getValue().asInt()));
        assertThat(svg).contains("Change on hamd: post against pre", "class=\"band\"", "class=\"identity\"",
                "class=\"cutoff\"", "recovered: " + counts.get("recovered").asInt() + " (",
                "grey band: change that is not reliable");
        // the multilevel method has no pre-post pair to plot
        Cli hlm = Cli.run("change", "--in", Cli.resource("claus-hamd.csv").toString(), "--scale", "hamd", "--method", "hlm",
                "--plot", tmp.resolve("x.svg").toString());
        assertThat(hlm.exit).isEqualTo(2);
        assertThat(hlm.err).contains("--plot: not used by --method hlm");
    }
}
