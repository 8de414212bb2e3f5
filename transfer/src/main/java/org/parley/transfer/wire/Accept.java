package org.parley.transfer.wire;

/**
 * ACCEPT (R to S): the offer is authorised. The offer's timestamp echoed (RTT sample), the window granted, and
 * how many chunks from the start the audience already holds from an interrupted transfer of the same file
 * (0 for a fresh one): the presenter sends from there.
 */
public record Accept(int echoMicros, int window, int resumeFrom) {
}
