package org.openrom.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openrom.core.score.Administration;
import org.quicktheories.generators.SourceDSL;

class IntAnswersProperties {

    @Test
    void behavesAsASortedMapFilledByPutInOrder() {
        // item ids from a small pool so that repeats are common; lists long enough to take the index-sort path
        qt().withExamples(3000).forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 120))
                .ofSizeBetween(0, 150), SourceDSL.integers().between(-5, 300)).checkAssert((picks, salt) -> {
                    TreeMap<String, Integer> expected = new TreeMap<>();
                    String[] keys = new String[picks.size()];
                    int[] values = new int[picks.size()];
                    for (int i = 0; i < picks.size(); i++) {
                        keys[i] = "q" + picks.get(i);
                        values[i] = salt + i;
                        expected.put(keys[i], values[i]);
                    }
                    IntAnswers a = IntAnswers.of(keys, values, picks.size());
                    assertThat(a).isEqualTo(expected).hasSameHashCodeAs(expected);
                    assertThat(new ArrayList<>(a.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
                    assertThat(new ArrayList<>(a.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
                    for (int k = -1; k <= 121; k++) {
                        assertThat(a.get("q" + k)).isEqualTo(expected.get("q" + k));
                        assertThat(a.containsKey("q" + k)).isEqualTo(expected.containsKey("q" + k));
                    }
                    assertThat(IntAnswers.copyOf(expected)).isEqualTo(a);
                    List<String> seen = new ArrayList<>();
                    a.forEach((k, v) -> seen.add(k + "=" + v));
                    assertThat(seen).hasSize(expected.size());
                });
    }

    @Test
    void isImmutableAndIgnoresNonStringKeys() {
        IntAnswers a = IntAnswers.copyOf(Map.of("q1", 1, "q2", 2));
        assertThatThrownBy(() -> a.put("q3", 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.remove("q1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(a::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(a.get(1)).isNull();
        assertThat(a.containsKey(null)).isFalse();
        assertThat(IntAnswers.copyOf(Map.of())).isSameAs(IntAnswers.empty());
    }

    @Test
    void anAdministrationsAnswersAreAnIntAnswersAndTheBuilderRefusesAnItemAnsweredTwice() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Administration.builder("p", "phq9", 1).answer("q2", 1)
                .answer("q10", 3).answer("q2", 2).build()).isInstanceOf(org.openrom.core.ValidationException.class)
                .hasMessageContaining("answers.q2");
        Administration.Builder b = Administration.builder("p", "phq9", 1).answer("q2", 2).answer("q10", 3);
        Administration first = b.build();
        assertThat(first.answers()).isInstanceOf(IntAnswers.class).containsExactly(Map.entry("q10", 3),
                Map.entry("q2", 2));
        // the builder stays usable after build, and what was built does not change with it
        Administration second = b.answer("q1", 0).build();
        assertThat(first.answers()).hasSize(2);
        assertThat(second.answers()).containsExactly(Map.entry("q1", 0), Map.entry("q10", 3), Map.entry("q2", 2));
        assertThat(second.toBuilder().build()).isEqualTo(second);
        assertThat(new Administration("p", "phq9", 1, first.date(), first.groupId(), new TreeMap<>(first.answers()),
                first.texts(), first.comment())).isEqualTo(first);
    }
}
