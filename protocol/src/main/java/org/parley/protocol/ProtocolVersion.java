package org.parley.protocol;

/** The wire version a hello must carry. Bumped on any incompatible frame change. */
public final class ProtocolVersion {
    public static final int CURRENT = 1;

    private ProtocolVersion() {}
}
