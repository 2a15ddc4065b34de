package org.openrom.cds;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the CDS tests that talk to one service for the whole class: a fake EHR serving its key set on loopback,
 * an H2 feedback store in the class's temporary folder, and the service on an ephemeral loopback port that trusts the
 * EHR and runs the study rule.
 */
abstract class LoopbackCdsTest {
    @TempDir
    static Path tmp;
    static Ehr ehr;
    static FeedbackStore store;
    static CdsService service;
    static String hookUrl;

    @BeforeAll
    static void startService() throws Exception {
        ehr = new Ehr();
        store = FeedbackStore.open("jdbc:h2:file:" + tmp.resolve("feedback").toAbsolutePath(), null, null);
        service = CdsService.builder().port(0).rule("deterioration-or-no-change").trust(Ehr.ISSUER, ehr.jwksUrl())
                .feedback(store).build().start();
        hookUrl = service.base() + "/cds-services/openrom-patient-view";
    }

    @AfterAll
    static void stopService() throws Exception {
        service.close();
        store.close();
        ehr.close();
    }
}
