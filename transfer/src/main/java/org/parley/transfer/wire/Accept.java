package org.parley.transfer.wire;

/** ACCEPT (R to S): the offer is authorised. The offer's timestamp echoed (RTT sample) and the window granted. */
public record Accept(int echoMicros, int window) {
}
