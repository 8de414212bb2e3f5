package org.parley.transfer.wire;

/**
 * OFFER (S to R): the server's token, who presents which file (size, SHA-256 as 64 lowercase or uppercase hex
 * digits), the chunk size the presenter chose, and its clock (echoed in the ACCEPT).
 */
public record Offer(String token, String presenter, String fileName, long size, String sha256Hex, int chunkSize,
                    int tsMicros) {
}
