package org.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON encoding of one frame type family ({@link Frame} or {@link LinkFrame}) without the newline:
 * framing is the transport's job. Thread-safe; share one instance.
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
            throw new FrameDecodingException(ErrorCode.UNKNOWN_TYPE,
                    e.getTypeId() == null ? "frame has no type" : "unknown frame type '" + e.getTypeId() + "'");
        } catch (JsonMappingException e) {
            throw new FrameDecodingException(ErrorCode.BAD_FRAME, e.getOriginalMessage());
        } catch (IOException e) {
            throw new FrameDecodingException(ErrorCode.BAD_FRAME, "not valid JSON");
        }
    }

    public T decode(byte[] json) throws FrameDecodingException {
        return decode(json, 0, json.length);
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
