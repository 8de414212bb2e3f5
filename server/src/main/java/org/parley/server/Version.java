package org.parley.server;

import org.parley.protocol.ParleyVersion;
import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}: the same line as the client's ({@link ParleyVersion}). */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {ParleyVersion.line()};
    }
}
