package org.openrom.fhir.cli;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.openrom.io.spi.InputFormat;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.fhir.FhirMapper;

/**
 * The {@code fhir} input format: NDJSON with one resource or Bundle per line, one Bundle, or a single resource
 * (pretty-printed or not). QuestionnaireResponses are read as administrations (each must carry the occasion
 * extension), and OpenROM score Observations (such as the transaction Bundles {@code rom fhir transactions} writes)
 * as scores, the responses' own scores once. Detected when the first line names a {@code resourceType}, or a file is one JSON document that
 * does. An invalid response is reported with every problem and its FHIRPath, not only the first.
 */
public final class FhirInputFormat implements InputFormat {
    private static final FhirContext CONTEXT = FhirContext.forR4();

    private final org.openrom.fhir.FormMap forms;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}: the built-in form map (LOINC panels). */
    public FhirInputFormat() {
        this(org.openrom.fhir.FormMap.loadDefault());
    }

    private FhirInputFormat(org.openrom.fhir.FormMap forms) {
        this.forms = forms;
    }

    /**
     * Takes {@code form-map}: a JSON file of the EHR's own Questionnaires mapped onto instruments (docs/fhir.md), read
     * with the built-in LOINC panels; where both map one Questionnaire, the file's wins.
     */
    @Override
    public InputFormat configured(java.util.Map<String, String> options) {
        java.util.Objects.requireNonNull(options, "options");
        org.openrom.fhir.FormMap map = forms;
        for (java.util.Map.Entry<String, String> o : options.entrySet()) {
            if (!o.getKey().equals("form-map")) {
                throw new ValidationException("input format fhir", "--" + o.getKey(), o.getValue(), "form-map, the one "
                        + "option of the fhir format");
            }
            try {
                map = org.openrom.fhir.FormMap.readWithDefault(Path.of(o.getValue()));
            } catch (IOException e) {
                throw new ValidationException("input format fhir", "--form-map", o.getValue(), "a readable form map "
                        + "file (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new FhirInputFormat(map);
    }

    /** @return the forms its responses are read through */
    org.openrom.fhir.FormMap forms() {
        return forms;
    }

    @Override
    public String name() {
        return "fhir";
    }

    @Override
    public boolean detects(Path file, String firstLine) {
        java.util.Objects.requireNonNull(file, "file");
        java.util.Objects.requireNonNull(firstLine, "firstLine");
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
        read(file, instruments, sink, s -> {
            throw new DataFormatException(file.getFileName().toString(), s.line(), 0, "this command reads answers, and "
                    + "the file holds score Observations", null);
        });
    }

    /**
     * Reads the responses and the OpenROM score Observations (as {@code rom fhir transactions} or a server's export
     * writes them), as the one door's precedence {@link org.openrom.core.history.HistoryAssembler.Precedence#RESPONSES}
     * says: a score Observation of a scale at an occasion where the file also holds a response of its instrument is
     * the score of that response and is not read a second time; every other score is read, so a server's export of
     * scores alone rebuilds the state. Observations that are not scores (status, Flags' evidence) and scores recorded as
     * not scorable are passed over.
     */
    @Override
    public void read(Path file, InstrumentRegistry instruments, Consumer<Administration> administrations,
            Consumer<InputFormat.ScoreRow> scores) throws IOException {
        FhirMapper mapper = new FhirMapper(CONTEXT, instruments, java.time.Clock.systemUTC(), forms);
        String name = file.getFileName().toString();
        Resources all = resources(file, mapper);
        java.util.Set<String> answered = new java.util.HashSet<>();
        for (Response r : all.responses()) {
            Administration a = convert(mapper, name, r.line(), r.prefix(), r.response());
            answered.add(a.patientId() + "\u0000" + a.instrumentId() + "\u0000" + a.occasion());
            administrations.accept(a);
        }
        for (Located<Observation> o : all.observations()) {
            Optional<FhirMapper.ObservedScore> score;
            try {
                score = mapper.observedScore(o.resource());
            } catch (ValidationException e) {
                throw problems(name, o.line(), o.prefix(), e);
            }
            if (score.isEmpty()) {
                // an EHR's own total (LOINC 44261-6): read with its stated session, or refused, never passed over
                Optional<FhirMapper.StandardScore> ehr;
                try {
                    ehr = mapper.standardScore(o.resource());
                } catch (ValidationException e) {
                    throw problems(name, o.line(), o.prefix(), e);
                }
                if (ehr.isPresent()) {
                    if (ehr.get().occasion().isEmpty()) {
                        throw new DataFormatException(name, o.line(), 0, o.prefix() + "Observation: an EHR's score of "
                                + ehr.get().scale() + " without OpenROM's occasion extension: the command line reads "
                                + "sessions as stated (the CDS service ranks them by date)", null);
                    }
                    if (!answered.contains(ehr.get().patientId() + "\u0000" + ehr.get().scale().substring(0,
                            ehr.get().scale().indexOf('.')) + "\u0000" + ehr.get().occasion().getAsInt())) {
                        scores.accept(new InputFormat.ScoreRow(ehr.get().patientId(), ehr.get().scale(),
                                ehr.get().occasion().getAsInt(), ehr.get().value(), o.line()));
                    }
                    continue;
                }
            }
            score.filter(x -> x.value().isPresent())
                    .filter(x -> !answered.contains(x.patientId() + "\u0000" + x.scale().substring(0, x.scale().indexOf('.'))
                            + "\u0000" + x.occasion()))
                    .ifPresent(x -> scores.accept(new InputFormat.ScoreRow(x.patientId(), x.scale(), x.occasion(),
                            x.value().getAsDouble(), o.line())));
        }
    }

    /**
     * Every line (or the one document) on its own: each QuestionnaireResponse's critical items read as
     * {@link FhirMapper#critical} reads them, for the patient its subject names and the session its occasion extension
     * states (else unknown). A line that does not parse, or a response without a patient subject or with a critical
     * item whose answer cannot be decided, is counted as unreadable; the check goes on. Unanswered critical items are
     * not checked here (only a response read as a whole can say an item was left out).
     */
    @Override
    public org.openrom.io.CriticalCheck checkCriticalAnswers(Path file, InstrumentRegistry instruments,
            Consumer<org.openrom.core.safety.SafetyAlert> sink) throws IOException {
        java.util.Objects.requireNonNull(sink, "sink");
        FhirMapper mapper = new FhirMapper(CONTEXT, instruments, java.time.Clock.systemUTC(), forms);
        long records = 0;
        long unreadable = 0;
        long first = -1;
        for (Located<String> d : documents(file)) {
            records++;
            if (!critical(mapper, d.resource(), sink)) {
                unreadable++;
                first = first < 0 ? d.line() : first;
            }
        }
        return new org.openrom.io.CriticalCheck(records, unreadable, first < 0 ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(first), java.util.OptionalLong.empty(), false);
    }

    /** @return false when the record, or a response in it, could not be checked */
    private static boolean critical(FhirMapper mapper, String json, Consumer<org.openrom.core.safety.SafetyAlert> sink) {
        Resource r;
        try {
            r = mapper.parse(json, Resource.class);
        } catch (RuntimeException e) {
            return false;
        }
        List<QuestionnaireResponse> qrs = new java.util.ArrayList<>();
        if (r instanceof Bundle b) {
            b.getEntry().stream().filter(e -> e.getResource() instanceof QuestionnaireResponse)
                    .forEach(e -> qrs.add((QuestionnaireResponse) e.getResource()));
        } else if (r instanceof QuestionnaireResponse q) {
            qrs.add(q);
        }
        boolean readable = true;
        for (QuestionnaireResponse q : qrs) {
            String ref = q.getSubject().getReference();
            if (ref == null || !ref.startsWith("Patient/") || ref.length() == "Patient/".length()) {
                readable = false;
                continue;
            }
            org.hl7.fhir.r4.model.Extension occ = q.getExtensionByUrl(FhirMapper.OCCASION_EXTENSION);
            OptionalInt occasion = occ != null && occ.getValue() instanceof org.hl7.fhir.r4.model.IntegerType n
                    && n.getValue() != null && n.getValue() >= 0 ? OptionalInt.of(n.getValue()) : OptionalInt.empty();
            try {
                org.openrom.fhir.CriticalAnswers.Result res = mapper.critical(q, ref.substring("Patient/".length()),
                        occasion);
                res.alerts().forEach(sink);
                readable &= res.unreadable().isEmpty();
            } catch (RuntimeException e) {
                readable = false;
            }
        }
        return readable;
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

    /** A resource of a file with where it came from (as {@link Response}). */
    record Located<T>(long line, String prefix, T resource) {
    }

    /** The QuestionnaireResponses and the Observations of a file, in file order. */
    record Resources(List<Response> responses, List<Located<Observation>> observations) {
    }

    /** Every QuestionnaireResponse of an NDJSON file, a Bundle or a single document, in file order. */
    static List<Response> responses(Path file, FhirMapper mapper) throws IOException {
        return resources(file, mapper).responses();
    }

    /**
     * Every QuestionnaireResponse and Observation of a file: NDJSON whose lines are resources or Bundles, one Bundle,
     * or a single resource. Other resource types (Flags, Provenance, ...) are passed over.
     */
    static Resources resources(Path file, FhirMapper mapper) throws IOException {
        String name = file.getFileName().toString();
        List<Response> responses = new java.util.ArrayList<>();
        List<Located<Observation>> observations = new java.util.ArrayList<>();
        for (Located<String> d : documents(file)) {
            take(parse(mapper, name, d.line(), d.resource(), Resource.class), d.line(), responses, observations);
        }
        return new Resources(responses, observations);
    }

    /**
     * The JSON documents of a file of this format, each with the line it starts on: the whole file when it is one JSON
     * value (a pretty-printed resource or Bundle), else each non-blank line (NDJSON). A byte-order mark is dropped.
     */
    static List<Located<String>> documents(Path file) throws IOException {
        String all = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
        String trimmed = all.trim();
        List<Located<String>> out = new java.util.ArrayList<>();
        if (trimmed.startsWith("{") && singleDocument(trimmed)) {
            out.add(new Located<>(1, "", trimmed));
            return out;
        }
        List<String> lines = all.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(new Located<>(i + 1, "", lines.get(i)));
            }
        }
        return out;
    }

    private static void take(Resource r, long line, List<Response> responses, List<Located<Observation>> observations) {
        if (r instanceof Bundle b) {
            for (int i = 0; i < b.getEntry().size(); i++) {
                Resource e = b.getEntry().get(i).getResource();
                String prefix = "Bundle.entry[" + i + "].resource.";
                if (e instanceof QuestionnaireResponse q) {
                    responses.add(new Response(line, prefix, q));
                } else if (e instanceof Observation o) {
                    observations.add(new Located<>(line, prefix, o));
                }
            }
        } else if (r instanceof QuestionnaireResponse q) {
            responses.add(new Response(line, "", q));
        } else if (r instanceof Observation o) {
            observations.add(new Located<>(line, "", o));
        }
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
            throw problems(name, line, prefix, e);
        }
    }

    /** Every problem of a resource, each with its FHIRPath within the file. */
    private static DataFormatException problems(String name, long line, String prefix, ValidationException e) {
        StringBuilder all = new StringBuilder();
        for (org.openrom.core.Violation v : e.violations()) {
            all.append(all.length() == 0 ? "" : "; ").append(prefix).append(v);
        }
        return new DataFormatException(name, line, 0, e.violations().size() + " problem"
                + (e.violations().size() == 1 ? "" : "s") + ": " + all, e);
    }
}
