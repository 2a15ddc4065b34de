package org.openrom.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentDefinitions;
import org.openrom.core.internal.Checks;
import org.openrom.core.internal.Fields;
import org.openrom.core.internal.codec.ScoreCodecs;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;

/**
 * Jackson module for OpenROM's public values: {@link Instrument} (in the declarative definition
 * format), {@link Administration}, {@link Score}, {@link Scores}, and — registered by the track and
 * monitor packages through {@link #addCodec} — assessments and snapshots.
 *
 * <p>Round trips are lossless. Reading is strict: unknown fields, wrong types and invalid values are
 * rejected with a {@link org.openrom.core.ValidationException} whose violations name the JSON path.
 * Prefer {@link RomJson}, which registers this module on a hardened mapper.
 */
public final class RomModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** Creates the module with every core codec registered. */
    public RomModule() {
        super("OpenROM");
        addCodec(Instrument.class, InstrumentDefinitions::toTree, InstrumentDefinitions::fromTree);
        addSerializer(Administration.class, tree(Administration.class, ScoreCodecs::administration));
        addDeserializer(Administration.class, new AdministrationDeserializer());
        addCodec(Score.class, ScoreCodecs::score, tree -> {
            Checks.Problems p = new Checks.Problems("score");
            Score s = ScoreCodecs.readScore(new Fields(tree, "", p));
            p.throwIfAny();
            return s;
        });
        addCodec(Scores.class, ScoreCodecs::scores, ScoreCodecs::readScores);
        addCodec(org.openrom.core.safety.SafetyAlert.class, ScoreCodecs::alert, tree -> {
            Checks.Problems p = new Checks.Problems("safety alert");
            org.openrom.core.safety.SafetyAlert a = ScoreCodecs.readAlert(new Fields(tree, "", p));
            p.throwIfAny();
            return a;
        });
        addCodec(org.openrom.core.safety.Acknowledgement.class, ScoreCodecs::acknowledgement, tree -> {
            Checks.Problems p = new Checks.Problems("acknowledgement");
            org.openrom.core.safety.Acknowledgement a = ScoreCodecs.readAcknowledgement(new Fields(tree, "", p));
            p.throwIfAny();
            return a;
        });
        addCodec(org.openrom.core.safety.TrackedAlert.class, ScoreCodecs::trackedAlert, tree -> {
            Checks.Problems p = new Checks.Problems("tracked alert");
            org.openrom.core.safety.TrackedAlert a = ScoreCodecs.readTrackedAlert(new Fields(tree, "", p));
            p.throwIfAny();
            return a;
        });
        JsonCodecs.registerAll(this);
    }

    /**
     * Registers a tree-based codec for a type.
     *
     * @param type the value type
     * @param writer value → tree
     * @param reader tree → value (throws a {@link org.openrom.core.RomException} when invalid)
     * @param <T> the type
     */
    public <T> void addCodec(Class<T> type, Function<T, ? extends JsonNode> writer, Function<JsonNode, T> reader) {
        addSerializer(type, tree(type, writer));
        addDeserializer(type, new TreeDeserializer<>(type, reader));
    }

    private static <T> StdSerializer<T> tree(Class<T> type, Function<T, ? extends JsonNode> writer) {
        return new TreeSerializer<>(type, writer);
    }

    private static final class TreeSerializer<T> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient Function<T, ? extends JsonNode> writer;

        TreeSerializer(Class<T> type, Function<T, ? extends JsonNode> writer) {
            super(type);
            this.writer = Objects.requireNonNull(writer);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeTree(writer.apply(value));
        }
    }

    private static final class TreeDeserializer<T> extends StdDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient Function<JsonNode, T> reader;

        TreeDeserializer(Class<T> type, Function<JsonNode, T> reader) {
            super(type);
            this.reader = reader;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            return reader.apply(tree);
        }
    }

    private static final class AdministrationDeserializer extends JsonDeserializer<Administration> {
        @Override
        public Administration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return ScoreCodecs.readAdministration(p, ctxt);
        }
    }
}
