package org.openrom.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.quicktheories.generators.SourceDSL;

class ChecksProperties {
    private static final Pattern ID = Pattern.compile(Checks.ID_REGEX);

    @Test
    void isIdAcceptsExactlyTheIdGrammar() {
        // strings over an alphabet that straddles every boundary of the grammar, of lengths around the limit
        String alphabet = "az09_-AZ.é /\u0000";
        qt().withExamples(5000).forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, alphabet.length() - 1))
                .ofSizeBetween(0, 70)).checkAssert(picks -> {
                    StringBuilder sb = new StringBuilder();
                    picks.forEach(i -> sb.append(alphabet.charAt(i)));
                    String s = sb.toString();
                    assertThat(Checks.isId(s)).as(s).isEqualTo(ID.matcher(s).matches());
                });
        qt().forAll(SourceDSL.strings().allPossible().ofLengthBetween(0, 66)).checkAssert(s ->
                assertThat(Checks.isId(s)).isEqualTo(ID.matcher(s).matches()));
        assertThat(Checks.isId("a".repeat(64))).isTrue();
        assertThat(Checks.isId("a".repeat(65))).isFalse();
        assertThat(Checks.isId(null)).isFalse();
    }

    @Test
    void problemsCollectEveryViolationInOrder() {
        Checks.Problems p = new Checks.Problems("thing");
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.list()).isEmpty();
        p.throwIfAny();
        p.add("a", 1, "x").addRaw("b", "<text>", "y").addAll("c", List.of(new org.openrom.core.Violation("d", "2", "z")));
        assertThat(p.isEmpty()).isFalse();
        assertThat(p.list()).extracting(org.openrom.core.Violation::path).containsExactly("a", "b", "c.d");
        try {
            p.throwIfAny();
            throw new AssertionError("expected a ValidationException");
        } catch (ValidationException e) {
            assertThat(e.violations()).hasSize(3);
        }
    }
}
