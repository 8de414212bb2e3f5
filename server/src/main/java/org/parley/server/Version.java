package org.parley.server;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}, from the jar's manifest when there is one. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"Parley " + (v != null ? v : "0.1.0-SNAPSHOT") + " (protocol "
                + org.parley.protocol.ProtocolVersion.CURRENT + ")"};
    }
}
