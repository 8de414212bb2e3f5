package org.parley.transfer.wire;

/** Datagram types; the code is byte 3 of every datagram. S = presenter (sender), R = audience (receiver). */
public final class PacketType {
    /** S to R: authorisation and file description. */
    public static final int OFFER = 1;
    /** R to S: the offer is authorised; data may flow. */
    public static final int ACCEPT = 2;
    /** S to R: one chunk of the file. */
    public static final int DATA = 3;
    /** R to S: cumulative acknowledgement plus received ranges above it. */
    public static final int ACK = 4;
    /** R to S: the file was verified and has its final name. */
    public static final int DONE = 5;
    /** R to S: the transfer is refused or failed on the audience side, with a reason. */
    public static final int REJECT = 6;
    /** S to R: the presenter gave up, with a reason. */
    public static final int CANCEL = 7;
    /** S to R: asks for a fresh ACK (tail probe and keep-alive while the audience verifies). */
    public static final int PING = 8;

    private PacketType() {
    }
}
