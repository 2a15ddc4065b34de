package org.openrom.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.UnknownIdException;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.TestInstruments;

/** An exception message is bounded however much is wrong: the first problems and a count. */
class MessageBoundsTest {
    @Test
    void aMillionProblemsMakeAShortMessageAndAreAllKept() {
        List<Violation> many = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            many.add(new Violation("answers.x" + i, "1", "an item of the instrument"));
        }
        ValidationException e = new ValidationException("administration of x", many);
        assertThat(e.violations()).hasSize(1_000_000);
        assertThat(e.getMessage()).hasSizeLessThan(2_000).contains("(1000000 problems)", "… and 999980 more");
    }

    @Test
    void anAdministrationWithManyUnknownAnswersIsRejectedBriefly() {
        Administration.Builder b = Administration.builder("p", "test-mixed", 0);
        for (int i = 0; i < 100_000; i++) {
            b.answer("unknown" + i, 1);
        }
        Administration a = b.build();
        InstrumentRegistry reg = InstrumentRegistry.builder().add(TestInstruments.mixed()).build();
        assertThatThrownBy(() -> reg.get("test-mixed").score(a)).isInstanceOfSatisfying(ValidationException.class,
                e -> {
                    assertThat(e.violations().size()).isGreaterThanOrEqualTo(100_000);
                    assertThat(e.getMessage()).hasSizeLessThan(3_000);
                });
    }

    @Test
    void unknownIdsListAtMostTwentyKnownOnes() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            known.add("id" + i);
        }
        UnknownIdException e = new UnknownIdException("scale", "nope", known);
        assertThat(e.known()).hasSize(500);
        assertThat(e.getMessage()).contains("(500 in all)").hasSizeLessThan(400);
    }
}
