package org.openrom.core.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The fast path of {@code Instrument.score(int[], double[])} ({@link UniformPlan}) against the general path,
 * on random instrument shapes and random answers: same doubles, bit for bit, or the same rejection.
 */
class UniformPlanProperties {

    /** A random instrument: items on one response scale, scales over random item subsets. */
    private record Shape(long seed) {
        Instrument build() {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(14);
            int min = r.nextInt(7) - 3;
            int max = min + 1 + r.nextInt(r.nextBoolean() ? 6 : 100);
            boolean reversed = r.nextInt(8) == 0;
            Instrument.Builder b = Instrument.builder("shape", "1").name("shape");
            for (int i = 0; i < n; i++) {
                Item it = Item.ordinal("i" + i, "topic", min, max);
                b.item(reversed && i == 0 ? it.asReversed() : it);
            }
            int scales = 1 + r.nextInt(5);
            boolean overlap = r.nextInt(6) == 0;
            List<List<String>> members = new ArrayList<>();
            for (int s = 0; s < scales; s++) {
                members.add(new ArrayList<>());
            }
            boolean ordered = r.nextBoolean();
            for (int i = 0; i < n; i++) {
                int s = ordered ? i * scales / n : r.nextInt(scales + 1); // == scales: outside every scale
                if (s < scales) {
                    members.get(s).add("i" + i);
                }
                if (overlap && s != 0) {
                    members.get(0).add("i" + i);
                }
            }
            double[] factors = {1, 1, 4, 0.5, 2.5, 1.0 / 3, 10};
            int made = 0;
            for (int s = 0; s < scales; s++) {
                if (members.get(s).isEmpty()) {
                    continue;
                }
                b.scale(Scale.builder("s" + s, "scale " + s).items(members.get(s))
                        .aggregation(r.nextBoolean() ? Aggregation.SUM : Aggregation.MEAN)
                        .factor(factors[r.nextInt(factors.length)]).direction(Direction.LOWER_IS_BETTER));
                made++;
            }
            if (made == 0) {
                b.scale(Scale.builder("all", "all").items("i0").direction(Direction.LOWER_IS_BETTER));
            }
            return b.build();
        }
    }

    private static Gen<Shape> shapes() {
        return SourceDSL.longs().all().map(Shape::new);
    }

    /** Answers mostly in range, sometimes missing, sometimes out of range or extreme. */
    private static int[] answers(Instrument ins, Random r) {
        int[] a = new int[ins.items().size()];
        for (int i = 0; i < a.length; i++) {
            ResponseScale rs = ins.items().get(i).scale();
            int kind = r.nextInt(40);
            a[i] = kind == 0 ? Instrument.MISSING
                    : kind == 1 ? rs.max() + 1 + r.nextInt(3)
                    : kind == 2 ? rs.min() - 1 - r.nextInt(3)
                    : kind == 3 ? (r.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE + 1)
                    : rs.min() + r.nextInt(rs.max() - rs.min() + 1);
        }
        return a;
    }

    @Test
    void theFastPathEqualsTheGeneralPathBitForBit() {
        qt().withExamples(400).forAll(shapes(), SourceDSL.longs().all()).checkAssert((shape, seed) -> {
            Instrument ins = shape.build();
            Random r = new Random(seed);
            for (int k = 0; k < 50; k++) {
                int[] a = answers(ins, r);
                double[] expected = new double[ins.scales().size()];
                double[] actual = new double[ins.scales().size()];
                String expectedError = null;
                try {
                    ins.scoreGeneral(a.clone(), expected);
                } catch (ValidationException e) {
                    expectedError = e.getMessage();
                }
                if (expectedError != null) {
                    assertThatThrownBy(() -> ins.score(a, actual)).isInstanceOf(ValidationException.class)
                            .hasMessage(expectedError);
                } else {
                    ins.score(a, actual);
                    for (int s = 0; s < actual.length; s++) {
                        assertThat(Double.doubleToLongBits(actual[s])).as("scale %d of %s", s, ins.scales())
                                .isEqualTo(Double.doubleToLongBits(expected[s]));
                    }
                }
            }
        });
    }

    @Test
    void thePlanIsChosenFromTheShapeAlone() {
        qt().withExamples(400).forAll(shapes()).checkAssert(shape -> {
            Instrument ins = shape.build();
            UniformPlan plan = ins.uniformPlan();
            boolean uniform = ins.items().stream().noneMatch(Item::reversed);
            int[] uses = new int[ins.items().size()];
            ins.scales().forEach(s -> s.itemIds().forEach(id -> uses[indexOf(ins, id)]++));
            boolean partition = java.util.Arrays.stream(uses).allMatch(u -> u <= 1);
            if (!uniform || !partition) {
                assertThat(plan).isNull();
                return;
            }
            boolean flat = ins.scales().size() == 1 && ins.scales().get(0).itemIds().equals(
                    ins.items().stream().map(Item::id).toList());
            if (flat) {
                assertThat(plan).isNotNull();
                assertThat(plan.kind()).isEqualTo("flat");
                return;
            }
            ResponseScale rs = ins.items().get(0).scale();
            boolean fits = ins.scales().stream().allMatch(s -> (rs.max() - rs.min()) * s.itemIds().size() <= 255);
            boolean unscaled = java.util.Arrays.stream(uses).anyMatch(u -> u == 0);
            boolean fewScales = ins.scales().size() <= (unscaled ? 3 : 4);
            if (fits && fewScales) {
                assertThat(plan).isNotNull();
                assertThat(plan.kind()).isEqualTo("packed");
            } else {
                assertThat(plan).isNull();
            }
        });
    }

    private static int indexOf(Instrument ins, String id) {
        for (int i = 0; i < ins.items().size(); i++) {
            if (ins.items().get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError(id);
    }

    /**
     * Enough calls for the JIT to compile the fast path (C2 included), checked all along: a compiler that
     * miscompiled the loop, or crashed on it (as one formulation did on JDK 17), fails the build here.
     */
    @Test
    void theFastPathStaysExactOnceCompiled() {
        Instrument packed = Instrument.builder("blocks", "1").name("blocks")
                .item(Item.ordinal("a", "t", 1, 7)).item(Item.ordinal("b", "t", 1, 7)).item(Item.ordinal("c", "t", 1, 7))
                .item(Item.ordinal("d", "t", 1, 7)).item(Item.ordinal("e", "t", 1, 7)).item(Item.ordinal("f", "t", 1, 7))
                .scale(Scale.builder("x", "x").items("a", "b").aggregation(Aggregation.MEAN).direction(Direction.HIGHER_IS_BETTER))
                .scale(Scale.builder("y", "y").items("c", "d", "e").aggregation(Aggregation.MEAN).direction(Direction.HIGHER_IS_BETTER))
                .scale(Scale.builder("z", "z").items("f").direction(Direction.HIGHER_IS_BETTER))
                .build();
        Instrument flat = Instrument.builder("flat", "1").name("flat")
                .item(Item.ordinal("a", "t", 0, 4)).item(Item.ordinal("b", "t", 0, 4)).item(Item.ordinal("c", "t", 0, 4))
                .scale(Scale.builder("total", "total").items("a", "b", "c").direction(Direction.LOWER_IS_BETTER))
                .build();
        assertThat(packed.uniformPlan().kind()).isEqualTo("packed");
        assertThat(flat.uniformPlan().kind()).isEqualTo("flat");
        Random r = new Random(7);
        for (Instrument ins : List.of(packed, flat)) {
            double[] expected = new double[ins.scales().size()];
            double[] actual = new double[ins.scales().size()];
            long mismatches = 0;
            for (int k = 0; k < 300_000; k++) {
                int[] a = new int[ins.items().size()];
                for (int i = 0; i < a.length; i++) {
                    ResponseScale rs = ins.items().get(i).scale();
                    a[i] = rs.min() + r.nextInt(rs.max() - rs.min() + 1);
                }
                ins.scoreGeneral(a, expected);
                ins.score(a, actual);
                for (int s = 0; s < actual.length; s++) {
                    mismatches += Double.compare(actual[s], expected[s]) == 0 ? 0 : 1;
                }
            }
            assertThat(mismatches).as(ins.id()).isZero();
        }
    }
}
