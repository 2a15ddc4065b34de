package org.openrom.core.track;

import org.openrom.core.ValidationException;

/**
 * The range of scores a rule expected at an occasion (e.g. the expected treatment response curve ± z·σ), in score
 * units. A rule reports it through the reserved details {@link TrackAssessment#EXPECTED_LOW} and
 * {@link TrackAssessment#EXPECTED_HIGH}; readers use {@link TrackAssessment#expectedBand()}.
 *
 * @param low the lower edge
 * @param high the upper edge, at least {@code low}
 */
public record ExpectedBand(double low, double high) {
    /** Validates. */
    public ExpectedBand {
        if (!Double.isFinite(low) || !Double.isFinite(high) || high < low) {
            throw new ValidationException("expected band", "high", String.valueOf(high),
                    "finite edges with high >= low " + low);
        }
    }
}
