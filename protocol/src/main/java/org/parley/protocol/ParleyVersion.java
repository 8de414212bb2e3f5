package org.parley.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The one version string both programs print for {@code --version} ({@code Parley 0.1.0 (protocol 1)}),
 * from the build's project version, so a server and a client from the same build always agree.
 */
public final class ParleyVersion {

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String NUMBER = load();

    private ParleyVersion() {}

    /** What {@code parley server --version} and {@code parley client --version} print. */
    public static String line() {
        return "Parley " + NUMBER + " (protocol " + ProtocolVersion.CURRENT + ")";
    }

    private static String load() {
        try (InputStream in = ParleyVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the protocol jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
