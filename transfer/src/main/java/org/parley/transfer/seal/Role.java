package org.parley.transfer.seal;

/**
 * Which end seals a datagram. Both ends of a transfer share one key, so each seals under its own 32-bit nonce
 * prefix: the two counters can then never produce the same nonce.
 */
public enum Role {
    /** The sender of the file: OFFER, DATA, PING, CANCEL. */
    PRESENTER(0x50524553), // "PRES"
    /** The receiver: ACCEPT, ACK, DONE, REJECT. */
    AUDIENCE(0x41554449); // "AUDI"

    private final int nonceConstant;

    Role(int nonceConstant) {
        this.nonceConstant = nonceConstant;
    }

    public int nonceConstant() {
        return nonceConstant;
    }

    public Role peer() {
        return this == PRESENTER ? AUDIENCE : PRESENTER;
    }
}
