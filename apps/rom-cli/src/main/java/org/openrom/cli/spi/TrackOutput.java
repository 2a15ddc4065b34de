package org.openrom.cli.spi;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.track.TrackAssessment;

/**
 * An output format of {@code rom track} contributed by a plugin jar (e.g. {@code fhir}: a transaction Bundle per
 * patient), named by {@code --format}. Discovered with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/org.openrom.cli.spi.TrackOutput}.
 */
public interface TrackOutput {
    /** @return the name given to {@code --format} */
    String name();

    /**
     * Starts one run's output.
     *
     * @param out where to write (the command commits it atomically when the run succeeds)
     * @param instruments the installed instruments
     * @return the sink that receives each patient, in patient order
     */
    Sink open(Writer out, InstrumentRegistry instruments);

    /** Receives each patient of a run. */
    interface Sink {
        /**
         * @param history the patient's history as read
         * @param assessments every rule's assessments of the patient, by occasion and then rule order
         * @throws IOException when writing fails
         */
        void patient(PatientHistory history, List<TrackAssessment> assessments) throws IOException;
    }
}
