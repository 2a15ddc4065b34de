package org.openrom.core.report;

import java.util.List;
import java.util.Objects;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.DisplayOrientation;

/**
 * A monitored scale over sessions, with the statuses of the rule that reads it.
 *
 * @param scale the qualified scale id
 * @param label the scale label
 * @param direction which end is healthy
 * @param display how it is charted
 * @param min the lowest possible score
 * @param max the highest possible score
 * @param hasCutoff whether the scale has a clinical cut-off
 * @param cutoff the cut-off in score units (0 when absent)
 * @param rule the canonical spec of the rule whose statuses are shown
 * @param points the observations, by occasion
 */
public record Trajectory(String scale, String label, Direction direction, DisplayOrientation display, double min,
        double max, boolean hasCutoff, double cutoff, String rule, List<TrajectoryPoint> points) {
    /** Validates and copies. */
    public Trajectory {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(rule, "rule");
        points = List.copyOf(Objects.requireNonNull(points, "points"));
    }

    /** @return the display value of a score: {@code min + max − score} when reversed */
    public double displayOf(double score) {
        return display == DisplayOrientation.REVERSED ? min + max - score : score;
    }
}
