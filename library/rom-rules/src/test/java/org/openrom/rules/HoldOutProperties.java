package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.openrom.rules.research.HoldOut;
import org.quicktheories.generators.SourceDSL;

/** The hold-out assignment: a function of the id, group and seed only; groups stay whole; folds evenly filled. */
class HoldOutProperties {

    @Test
    void theAssignmentDependsOnIdGroupAndSeedOnlyAndKeepsGroupsWhole() {
        qt().forAll(SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(1, 12),
                SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(1, 12), SourceDSL.integers().between(2, 20),
                SourceDSL.longs().all()).checkAssert((id, group, k, seed) -> {
                    HoldOut byPatient = HoldOut.kFold(HoldOut.Unit.PATIENT, k, seed);
                    HoldOut byGroup = HoldOut.kFold(HoldOut.Unit.GROUP, k, seed);
                    int f = byPatient.fold(id, group);
                    assertThat(f).isBetween(0, k - 1);
                    assertThat(HoldOut.kFold(HoldOut.Unit.PATIENT, k, seed).fold(id, group)).isEqualTo(f);
                    assertThat(byPatient.fold(id, null)).isEqualTo(f); // by patient, the group plays no part
                    // by group, every member of a group shares its fold, whatever their id
                    assertThat(byGroup.fold(id, group)).isEqualTo(byGroup.fold(id + "x", group));
                    // a patient without a group is a unit of its own, as if held out by patient
                    assertThat(byGroup.fold(id, null)).isEqualTo(f);
                    // every fold is evaluated by rules trained on all the others and never on itself
                    for (int e : byPatient.evaluatedFolds()) {
                        assertThat(byPatient.trains(e, f)).isEqualTo(e != f);
                    }
                    HoldOut split = HoldOut.split(HoldOut.Unit.PATIENT, 0.3, seed);
                    assertThat(split.fold(id, group)).isIn(0, 1);
                    assertThat(split.evaluatedFolds()).containsExactly(0);
                });
    }

    @Test
    void foldsAndTheTestShareAreFilledAsAsked() {
        int n = 20_000;
        HoldOut five = HoldOut.kFold(HoldOut.Unit.PATIENT, 5, 42);
        HoldOut split = HoldOut.split(HoldOut.Unit.PATIENT, 0.3, 42);
        int[] counts = new int[5];
        int test = 0;
        for (int i = 0; i < n; i++) {
            counts[five.fold("p" + i, null)]++;
            test += split.fold("p" + i, null) == 0 ? 1 : 0;
        }
        // binomial SD at n = 20,000: about 0.3 percentage points; 1.5 points is five SDs
        for (int c : counts) {
            assertThat(c / (double) n).isBetween(0.185, 0.215);
        }
        assertThat(test / (double) n).isBetween(0.285, 0.315);
        assertThat(five.describe()).isEqualTo("5-fold by patient, seed 42");
        assertThat(split.describe()).isEqualTo("split by patient, 30% test, seed 42");
        // another seed gives another assignment
        HoldOut other = HoldOut.kFold(HoldOut.Unit.PATIENT, 5, 43);
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            same += other.fold("p" + i, null) == five.fold("p" + i, null) ? 1 : 0;
        }
        assertThat(same).isBetween(120, 280);
        assertThatThrownBy(() -> HoldOut.split(HoldOut.Unit.GROUP, 1.0, 1)).hasMessageContaining("a share in (0, 1)");
        assertThatThrownBy(() -> HoldOut.kFold(HoldOut.Unit.GROUP, 1, 1)).hasMessageContaining("2 to 20 folds");
    }
}
