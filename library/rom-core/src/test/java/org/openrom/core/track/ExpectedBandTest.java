package org.openrom.core.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.json.RomJson;

/** The typed expected band: any rule reports it through the reserved details, readers never name a rule. */
class ExpectedBandTest {
    private static TrackAssessment with(Map<String, Object> details) {
        return new TrackAssessment(3, TrackStatus.ON_TRACK, List.of(new Finding("on-track", "fine")),
                RuleRef.of("any-rule", "1", Map.of()), new TreeMap<>(details));
    }

    @Test
    void theBandIsReadFromTheReservedDetailsOfAnyRule() {
        TrackAssessment a = with(Map.of(TrackAssessment.EXPECTED_LOW, 8.5, TrackAssessment.EXPECTED_HIGH, 12L));
        assertThat(a.expectedBand()).contains(new ExpectedBand(8.5, 12));
        assertThat(RomJson.read(RomJson.write(a), TrackAssessment.class).expectedBand()).contains(new ExpectedBand(8.5, 12));
        assertThat(with(Map.of(TrackAssessment.EXPECTED_LOW, 8.5)).expectedBand()).isEmpty();
        assertThat(with(Map.of()).expectedBand()).isEmpty();
        assertThat(with(Map.of(TrackAssessment.EXPECTED_LOW, "8", TrackAssessment.EXPECTED_HIGH, 9.0)).expectedBand()).isEmpty();
    }

    @Test
    void anInvertedBandIsAnError() {
        assertThatThrownBy(() -> new ExpectedBand(5, 4)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> with(Map.of(TrackAssessment.EXPECTED_LOW, 5.0, TrackAssessment.EXPECTED_HIGH, 4.0))
                .expectedBand()).isInstanceOf(ValidationException.class);
    }
}
