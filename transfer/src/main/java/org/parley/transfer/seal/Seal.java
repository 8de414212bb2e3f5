package org.parley.transfer.seal;

/** The two halves of one end of one transfer: what it sends goes through the sealer, what it reads the opener. */
public record Seal(Sealer sealer, Opener opener) {
}
