package org.parley.transfer.wire;

/**
 * An opened datagram whose body does not have the layout of its type: too short, too long, or a field out of
 * range. Only a holder of the transfer's key can produce one (everything else is dropped by the seal layer
 * first), so it is rare; it carries no stack trace, which would cost more than the datagram is worth.
 */
public final class MalformedDatagramException extends Exception {
    public MalformedDatagramException(String message) {
        super(message, null, false, false);
    }
}
