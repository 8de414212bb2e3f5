package org.parley.protocol;

/** A frame that could not be read; {@link #code()} says which error frame to answer with. */
public final class FrameDecodingException extends Exception {

    private final ErrorCode code;

    public FrameDecodingException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
