package org.openrom.rules.change;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the claus_2020 test data (see claus_2020.README.md for attribution). */
final class ClausData {
    private ClausData() {
    }

    /** @return each patient's treatment arm (TAU or PA) */
    static Map<String, String> treatments() {
        Map<String, String> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ClausData.class.getResourceAsStream("claus_2020.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null;) {
                String[] f = line.split(",", -1);
                out.put(f[0], f[3].replace("\"", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** @return complete HAM-D pairs, time 1 → time 4, in patient order */
    static List<PrePost> hamdPairs() {
        Map<String, double[]> byPatient = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ClausData.class.getResourceAsStream("claus_2020.csv"), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (!header.startsWith("\"id\"")) {
                throw new IllegalStateException("unexpected header " + header);
            }
            for (String line; (line = r.readLine()) != null;) {
                String[] f = line.split(",", -1);
                double[] v = byPatient.computeIfAbsent(f[0], k -> new double[] {Double.NaN, Double.NaN});
                if (f[8].isEmpty()) {
                    continue;
                }
                if (f[4].equals("1")) {
                    v[0] = Double.parseDouble(f[8]);
                } else if (f[4].equals("4")) {
                    v[1] = Double.parseDouble(f[8]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<PrePost> out = new ArrayList<>();
        byPatient.forEach((id, v) -> {
            if (!Double.isNaN(v[0]) && !Double.isNaN(v[1])) {
                out.add(new PrePost(id, v[0], v[1]));
            }
        });
        return out;
    }
}
