package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test: 200 concurrent clients, each posting signed patient-view requests for 20 s (set
 * {@code -Dopenrom.cds.load.seconds}), over HTTP on loopback, against a service with its H2 feedback store. It asserts
 * correctness under load (every response 200 with the expected cards, no error), never a speed: the latencies and the
 * throughput go to {@code target/cds-load.txt} and benchmarks.md.
 */
@Tag("slow") // left out of the fast build (mvn -Dfast verify); CI runs it
class CdsLoadTest {
    @TempDir
    Path tmp;

    @Test
    void twoHundredConcurrentClientsGetTheirCardsWithoutAnError() throws Exception {
        int clients = Integer.getInteger("openrom.cds.load.clients", 200);
        int seconds = Integer.getInteger("openrom.cds.load.seconds", 20);
        try (Ehr ehr = new Ehr();
                FeedbackStore store = FeedbackStore.open("jdbc:h2:file:" + tmp.resolve("load").toAbsolutePath(), null, null);
                CdsService service = CdsService.builder().port(0).rule("deterioration-or-no-change")
                        .trust(Ehr.ISSUER, ehr.jwksUrl()).feedback(store).build().start()) {
            String url = service.base() + "/cds-services/openrom-patient-view";
            String body = Ehr.hook("p-load", Ehr.worsening("p-load", 1));
            ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
            AtomicInteger errors = new AtomicInteger();
            List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(clients);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long started = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            String token = ehr.token(url);
                            long t0 = System.nanoTime();
                            HttpResponse<String> r = Ehr.post(url, token, body);
                            long t1 = System.nanoTime();
                            if (r.statusCode() != 200 || !r.body().contains("\"indicator\":\"critical\"")) {
                                errors.incrementAndGet();
                                if (firstErrors.size() < 3) {
                                    firstErrors.add(r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
                                }
                            } else {
                                latencies.add(new long[] {t1 - t0});
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstErrors.add(e.toString());
                    } finally {
                        done.countDown();
                    }
                });
                t.setDaemon(true);
                t.start();
            }
            done.await();
            double elapsed = (System.nanoTime() - started) / 1e9;
            long[] ms = latencies.stream().mapToLong(x -> x[0]).sorted().toArray();
            assertThat(errors.get()).as(firstErrors.toString()).isZero();
            assertThat(ms.length).isPositive();
            String report = String.format(java.util.Locale.ROOT, "CDS load: %d clients, %.1f s, %d requests, %.0f req/s, "
                    + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d%n", clients, elapsed, ms.length,
                    ms.length / elapsed, pct(ms, 0.50), pct(ms, 0.90), pct(ms, 0.99), ms[ms.length - 1] / 1e6, errors.get());
            System.out.print(report);
            Files.writeString(Path.of("target", "cds-load.txt"), report, StandardCharsets.UTF_8);
            // the same chart opened thousands of times, on many threads at once: its two cards are recorded once each
            assertThat(store.summary().stream().mapToInt(FeedbackStore.RuleFeedback::cards).sum()).isEqualTo(2);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

}
