package org.openrom.core.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.ConfigurationException;
import org.openrom.core.UnknownIdException;
import org.openrom.core.instrument.spi.InstrumentProvider;
import org.openrom.core.score.Administration;

class InstrumentRegistryTest {

    @Test
    void aProviderRegisteredInMetaInfServicesIsDiscoveredAndScores() {
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        Instrument ins = reg.get("test-mixed");
        assertThat(reg.origin("test-mixed")).hasValueSatisfying(o -> assertThat(o).contains(TestInstruments.class.getName()));
        assertThat(ins.score(Administration.builder("p", "test-mixed", 0).answer("a", 1).answer("b", 5).answer("c", 0)
                .build()).get("test-mixed.sum").orElseThrow().value().getAsDouble()).isEqualTo(2);
        assertThat(reg.scale("test-mixed.mean").direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
    }

    @Test
    void aJsonDefinedInstrumentCanBeAddedWithoutJava() {
        Instrument core10 = InstrumentDefinitions.fromResource(InstrumentRegistryTest.class, "core10-like.json");
        InstrumentRegistry reg = InstrumentRegistry.builder().add(core10).build();
        assertThat(reg.instruments()).containsExactly(core10);
        assertThat(reg.findScale("core10-like.total")).isPresent();
    }

    @Test
    void duplicateIdsFailNamingBothOrigins() {
        InstrumentProvider a = new TestInstruments();
        InstrumentProvider b = new InstrumentProvider() {
            @Override
            public List<Instrument> instruments() {
                return List.of(TestInstruments.mixed());
            }

            @Override
            public String name() {
                return "second-provider";
            }
        };
        assertThatThrownBy(() -> InstrumentRegistry.builder().add(a).add(b))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Duplicate instrument id 'test-mixed': from provider " + TestInstruments.class.getName()
                        + " and from provider second-provider");
    }

    @Test
    void aFailingProviderIsReportedByName() {
        InstrumentProvider broken = new InstrumentProvider() {
            @Override
            public List<Instrument> instruments() {
                throw new IllegalStateException("boom");
            }

            @Override
            public String name() {
                return "broken-provider";
            }
        };
        assertThatThrownBy(() -> InstrumentRegistry.builder().add(broken))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("broken-provider").hasMessageContaining("boom");
    }

    @Test
    void unknownIdsListWhatIsKnown() {
        InstrumentRegistry reg = InstrumentRegistry.builder().add(TestInstruments.mixed()).build();
        assertThatThrownBy(() -> reg.get("nope")).isInstanceOfSatisfying(UnknownIdException.class, e -> {
            assertThat(e.known()).containsExactly("test-mixed");
            assertThat(e.getMessage()).isEqualTo("Unknown instrument 'nope'; known: test-mixed");
        });
        assertThatThrownBy(() -> reg.scale("test-mixed.nope")).hasMessageContaining("test-mixed.mean, test-mixed.scaled, test-mixed.sum");
    }
}
