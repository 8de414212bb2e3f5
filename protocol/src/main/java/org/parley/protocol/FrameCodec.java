package org.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON encoding of one frame type family ({@link Frame} or {@link LinkFrame}) without the newline:
 * framing is the transport's job. Thread-safe; share one instance.
 *
 * <p>Decoding is strict about types (PROTOCOL.md: a field of the wrong type is {@code BAD_FRAME}):
 * Jackson's usual coercions are off, so {@code "id":"7"}, {@code "id":7.5}, {@code "text":12},
 * {@code "accept":1}, {@code "kind":0} and {@code "id":""} are refused rather than quietly turned into
 * something the sender did not write. Every string must be well-formed UTF-16 (no lone surrogate
 * from an escape such as backslash-u-d800): such a string cannot be stored or sent on as it was received.
 */
public final class FrameCodec<T> {

    private final ObjectReader reader;
    private final ObjectWriter writer;

    private FrameCodec(Class<T> root) {
        ObjectMapper mapper = JsonMapper.builder()
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfigDefaults(c -> {
                    // Any value of one JSON shape read into a field of another is refused. A shape that
                    // matches its field (a number into a long, a string into a String) is not a coercion.
                    for (CoercionInputShape shape : CoercionInputShape.values()) {
                        c.setCoercion(shape, CoercionAction.Fail);
                    }
                    c.setAcceptBlankAsEmpty(false);
                })
                .addModule(new SimpleModule("parley-strict-strings")
                        .addDeserializer(String.class, new WellFormedStringDeserializer()))
                .build();
        mapper.registerSubtypes(concreteSubtypes(root).toArray(Class<?>[]::new));
        this.reader = mapper.readerFor(root);
        this.writer = mapper.writerFor(root);
    }

    public static FrameCodec<Frame> frames() {
        return new FrameCodec<>(Frame.class);
    }

    public static FrameCodec<LinkFrame> linkFrames() {
        return new FrameCodec<>(LinkFrame.class);
    }

    public byte[] encode(T frame) {
        try {
            return writer.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
        }
    }

    /** Decodes one frame from UTF-8 JSON bytes. */
    public T decode(byte[] json, int offset, int length) throws FrameDecodingException {
        try {
            T frame = reader.readValue(json, offset, length);
            if (frame == null) {
                throw new FrameDecodingException(ErrorCode.BAD_FRAME, "empty frame");
            }
            return frame;
        } catch (InvalidTypeIdException e) {
            throw new FrameDecodingException(ErrorCode.UNKNOWN_TYPE, printable(
                    e.getTypeId() == null ? "frame has no type" : "unknown frame type '" + e.getTypeId() + "'"));
        } catch (JsonMappingException e) {
            throw new FrameDecodingException(ErrorCode.BAD_FRAME, printable(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new FrameDecodingException(ErrorCode.BAD_FRAME, "not valid JSON");
        }
    }

    public T decode(byte[] json) throws FrameDecodingException {
        return decode(json, 0, json.length);
    }

    /**
     * Jackson quotes the offending value in its messages; the message goes back to the sender in an
     * error frame, so what cannot be encoded (a lone surrogate) or shown (a control character) is
     * replaced.
     */
    private static String printable(String message) {
        if (message == null) {
            return "malformed frame";
        }
        StringBuilder out = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < message.length() && Character.isLowSurrogate(message.charAt(i + 1))) {
                out.append(c).append(message.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Jackson's own string reading (with the coercion rules above), refusing lone surrogates. */
    private static final class WellFormedStringDeserializer extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        WellFormedStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null && Validation.hasLoneSurrogate(value)) {
                throw InvalidFormatException.from(p,
                        "a string holds a lone UTF-16 surrogate, which is not a Unicode character", value, String.class);
            }
            return value;
        }
    }

    private static List<Class<?>> concreteSubtypes(Class<?> type) {
        List<Class<?>> out = new ArrayList<>();
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted == null) {
            out.add(type);
            return out;
        }
        for (Class<?> sub : permitted) {
            out.addAll(concreteSubtypes(sub));
        }
        return out;
    }
}
