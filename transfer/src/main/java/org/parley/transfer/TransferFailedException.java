package org.parley.transfer;

/** An upload ended without the audience confirming a verified file; the message is the reason. */
public final class TransferFailedException extends Exception {
    public TransferFailedException(String reason) {
        super(reason);
    }

    public String reason() {
        return getMessage();
    }
}
