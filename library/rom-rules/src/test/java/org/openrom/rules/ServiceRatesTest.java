package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.track.ScoreSeries;
import org.openrom.rules.research.ServiceRates;
import org.openrom.rules.research.ServiceRates.Measure;
import org.quicktheories.generators.SourceDSL;

/** Service outcome rates: each definition on a hand-made cohort, and the units adding up to the service. */
class ServiceRatesTest {
    private static ScoreSeries s(int... values) {
        return ScoreSeries.consecutive("p", "mood.total", java.util.Arrays.stream(values).asDoubleStream().toArray());
    }

    @Test
    void eachRateFollowsItsDefinition() {
        // mood: lower is better; cut-off 20, reliable change 5, planned end occasion 3
        ServiceRates r = new ServiceRates(Fixtures.INSTRUMENTS.scale("mood.total"), 20, 5, 3);
        r.add(s(30, 25, 20, 14), "g1", "t1"); // response (≥ 15 better), recovered, reliably improved, completer
        r.add(s(24, 22, 19), "g1", "t1"); // a case, below the cut-off, but only 5 better: recovered; drop-out (last at 2)
        r.add(s(10, 16), "g2", "t1"); // not a case at the start: no recovery rate; deteriorated by 6; drop-out
        r.add(s(26), "g2", "t2"); // one observation: only the drop-out rate
        r.add(s(), "g3", "t2"); // no observation: not counted
        ServiceRates.Unit all = r.service();
        assertThat(all.patients()).isEqualTo(4);
        Map<Measure, ServiceRates.Rate> x = all.rates();
        assertThat(x.get(Measure.RESPONSE)).extracting(ServiceRates.Rate::events, ServiceRates.Rate::n).containsExactly(1, 3);
        assertThat(x.get(Measure.RECOVERY)).extracting(ServiceRates.Rate::events, ServiceRates.Rate::n).containsExactly(2, 2);
        assertThat(x.get(Measure.RELIABLE_IMPROVEMENT).events()).isEqualTo(2);
        assertThat(x.get(Measure.RELIABLE_DETERIORATION)).extracting(ServiceRates.Rate::events, ServiceRates.Rate::n)
                .containsExactly(1, 3);
        assertThat(x.get(Measure.DROP_OUT)).extracting(ServiceRates.Rate::events, ServiceRates.Rate::n).containsExactly(3, 4);
        assertThat(r.byGroup()).extracting(ServiceRates.Unit::id).containsExactly("g1", "g2");
        assertThat(r.byTherapist()).extracting(ServiceRates.Unit::patients).containsExactly(3, 1);
        assertThat(r.markdown(r.byGroup(), r.serviceClusterIntervals(200, 1))).contains("| service | 4 |",
                "| group g1 | 2 |", "33.3% (6.1–79.2) 1/3", "service, cluster bootstrap over groups", "about 41%");
        assertThat(r.csv(r.byTherapist(), Map.of())).startsWith("level,unit,patients,measure,events,n,rate,low,high,"
                + "cluster_low,cluster_high\nservice,all,4,response,1,3,0.3333333333333333,");
        assertThatThrownBy(() -> new ServiceRates(Fixtures.INSTRUMENTS.scale("mood.total"), 20, 0, 3))
                .hasMessageContaining("reliableChange");
    }

    @Test
    void groupsAddUpToTheServiceAndIntervalsHoldTheEstimate() {
        qt().withExamples(100).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            Random rnd = new Random(seed);
            ServiceRates r = new ServiceRates(Fixtures.INSTRUMENTS.scale("mood.total"), 20, 5, 4);
            int n = 1 + rnd.nextInt(80);
            for (int i = 0; i < n; i++) {
                int[] v = new int[1 + rnd.nextInt(5)];
                for (int k = 0; k < v.length; k++) {
                    v[k] = rnd.nextInt(41);
                }
                r.add(s(v), rnd.nextInt(5) == 0 ? null : "g" + rnd.nextInt(6), "t" + rnd.nextInt(3));
            }
            ServiceRates.Unit all = r.service();
            for (Measure m : Measure.values()) {
                int events = 0;
                int total = 0;
                for (ServiceRates.Unit u : r.byTherapist()) {
                    events += u.rates().get(m).events();
                    total += u.rates().get(m).n();
                }
                assertThat(events).isEqualTo(all.rates().get(m).events());
                assertThat(total).isEqualTo(all.rates().get(m).n());
                ServiceRates.Rate rate = all.rates().get(m);
                if (rate.n() > 0) {
                    assertThat(rate.interval().low()).isLessThanOrEqualTo(rate.interval().estimate());
                    assertThat(rate.interval().high()).isGreaterThanOrEqualTo(rate.interval().estimate());
                }
            }
            int inGroups = r.byGroup().stream().mapToInt(ServiceRates.Unit::patients).sum();
            assertThat(inGroups).isLessThanOrEqualTo(all.patients());
        });
    }
}
