package org.openrom.fhir.cli;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.openrom.io.spi.InputFormat;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.fhir.FhirMapper;

/**
 * The {@code fhir} input format: NDJSON with one QuestionnaireResponse per line, one Bundle whose entries are
 * QuestionnaireResponses, or a single QuestionnaireResponse (pretty-printed or not). Each response must carry the
 * occasion extension. Detected when the first line names a {@code resourceType}, or a file is one JSON document that
 * does. An invalid response is reported with every problem and its FHIRPath, not only the first.
 */
public final class FhirInputFormat implements InputFormat {
    private static final FhirContext CONTEXT = FhirContext.forR4();

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public FhirInputFormat() {
    }

    @Override
    public String name() {
        return "fhir";
    }

    @Override
    public boolean detects(Path file, String firstLine) {
        return firstLine.contains("\"resourceType\"") || (firstLine.equals("{") && bundleFile(file));
    }

    private static boolean bundleFile(Path file) {
        try {
            String head = Files.readString(file, StandardCharsets.UTF_8);
            return head.length() < 200_000_000 && head.replace("\uFEFF", "").trim().startsWith("{")
                    && head.contains("\"resourceType\"");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void read(Path file, InstrumentRegistry instruments, Consumer<Administration> sink) throws IOException {
        FhirMapper mapper = new FhirMapper(CONTEXT, instruments);
        String name = file.getFileName().toString();
        for (Response r : responses(file, mapper)) {
            sink.accept(convert(mapper, name, r.line(), r.prefix(), r.response()));
        }
    }

    /**
     * One QuestionnaireResponse of a file, with where it came from.
     *
     * @param line the line it starts on (1 for a single document or a Bundle)
     * @param prefix the FHIRPath of the response within the file ({@code Bundle.entry[2].resource.}, or empty)
     * @param response the response
     */
    record Response(long line, String prefix, QuestionnaireResponse response) {
    }

    /** Every QuestionnaireResponse of an NDJSON file, a Bundle or a single document, in file order. */
    static List<Response> responses(Path file, FhirMapper mapper) throws IOException {
        String name = file.getFileName().toString();
        String all = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
        String trimmed = all.trim();
        List<Response> out = new java.util.ArrayList<>();
        if (trimmed.startsWith("{") && singleDocument(trimmed)) {
            if (!trimmed.contains("\"Bundle\"")) {
                out.add(new Response(1, "", parse(mapper, name, 1, trimmed, QuestionnaireResponse.class)));
                return out;
            }
            Bundle b = parse(mapper, name, 1, trimmed, Bundle.class);
            for (int i = 0; i < b.getEntry().size(); i++) {
                Resource r = b.getEntry().get(i).getResource();
                if (r instanceof QuestionnaireResponse) {
                    out.add(new Response(1, "Bundle.entry[" + i + "].resource.", (QuestionnaireResponse) r));
                }
            }
            return out;
        }
        List<String> lines = all.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(new Response(i + 1, "", parse(mapper, name, i + 1, lines.get(i), QuestionnaireResponse.class)));
            }
        }
        return out;
    }

    private static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T parse(FhirMapper mapper, String name, long line,
            String json, Class<T> type) {
        try {
            return mapper.parse(json, type);
        } catch (DataFormatException e) {
            throw new DataFormatException(name, line, 0, "not a FHIR " + type.getSimpleName(), e);
        }
    }

    /** Whether the text is exactly one JSON value (a pretty-printed resource), not several lines of NDJSON. */
    private static boolean singleDocument(String text) {
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    static Administration convert(FhirMapper mapper, String name, long line, String prefix, QuestionnaireResponse qr) {
        try {
            return mapper.administration(qr, OptionalInt.empty());
        } catch (ValidationException e) {
            StringBuilder all = new StringBuilder();
            for (org.openrom.core.Violation v : e.violations()) {
                all.append(all.length() == 0 ? "" : "; ").append(prefix).append(v);
            }
            throw new DataFormatException(name, line, 0, e.violations().size() + " problem"
                    + (e.violations().size() == 1 ? "" : "s") + ": " + all, e);
        }
    }
}
