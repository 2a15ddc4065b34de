package org.openrom.benchmarks.cds;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One load level: {@code clients} threads, each posting the next pre-signed request as soon as its last one was
 * answered (a closed loop), until the requests run out. Every answer is checked: a 200 with the cards its patient
 * should get; anything else is an error, never a latency.
 */
final class Level {
    private Level() {
    }

    /** What one level measured. */
    record Result(int clients, int requests, double seconds, long[] sortedNanos, int errors, List<String> firstErrors,
            double serverCpuMs, double clientCpuMs, java.time.Instant from, java.time.Instant to) {
        double throughput() {
            return sortedNanos.length / seconds;
        }

        double percentileMs(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank))] / 1e6;
        }

        String row() {
            return String.format(Locale.ROOT, "| %d | %,d | %.1f s | %.0f req/s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d "
                    + "| %.2f ms | %.2f ms |", clients, requests, seconds, throughput(), percentileMs(0.50), percentileMs(0.90),
                    percentileMs(0.99), percentileMs(1.0), errors, serverCpuMs / requests, clientCpuMs / requests);
        }
    }

    /**
     * Runs the level.
     *
     * @param http the client (HTTP/1.1, connections kept alive as an EHR's are)
     * @param url the hook endpoint
     * @param tokens one pre-signed token per request
     * @param bodies the bodies, taken in turn
     * @param clients how many concurrent clients
     * @param server the service's process (its CPU time is read before and after)
     */
    static Result run(HttpClient http, String url, List<String> tokens, List<String> bodies, int clients,
            ServerProcess server) throws InterruptedException {
        int n = tokens.size();
        long[] nanos = new long[n];
        boolean[] ok = new boolean[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(clients);
        URI uri = URI.create(url);
        java.time.Duration serverCpu = server.cpu();
        java.time.Duration clientCpu = ownCpu();
        java.time.Instant from = java.time.Instant.now();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        int patient = i % bodies.size();
                        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + tokens.get(i))
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(patient))).build();
                        long t0 = System.nanoTime();
                        String problem = problem(http, request, patient);
                        nanos[i] = System.nanoTime() - t0;
                        ok[i] = problem == null;
                        if (problem != null && errors.incrementAndGet() <= 3) {
                            firstErrors.add(problem);
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        double serverMs = server.cpu().minus(serverCpu).toNanos() / 1e6;
        double clientMs = ownCpu().minus(clientCpu).toNanos() / 1e6;
        long[] answered = new long[n - errors.get()];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (ok[i]) {
                answered[k++] = nanos[i];
            }
        }
        Arrays.sort(answered);
        return new Result(clients, n, seconds, answered, errors.get(), List.copyOf(firstErrors), serverMs, clientMs, from,
                java.time.Instant.now());
    }

    private static java.time.Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    /** What is wrong with the answer to one request, or null when it is right. */
    private static String problem(HttpClient http, HttpRequest request, int patient) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return "HTTP " + r.statusCode() + ": " + r.body().substring(0, Math.min(200, r.body().length()));
            }
            boolean critical = r.body().contains("\"indicator\":\"critical\"");
            if (critical != LoadEhr.worsening(patient)) {
                return "patient " + patient + ": " + (critical ? "an unexpected" : "no") + " critical card";
            }
            return null;
        } catch (java.io.IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
