package org.parley.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment ({@code --idle-timeout} is {@code PARLEY_IDLE_TIMEOUT}) or from
 * a properties file ({@code idle-timeout=30}); the command line wins over both, the environment over
 * the file.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Properties file = new Properties();

    public EnvironmentDefaults() throws IOException {
        String configured = System.getenv("PARLEY_CONFIG");
        Path path = Path.of(configured != null ? configured : "parley-server.properties");
        if (Files.isRegularFile(path)) {
            try (Reader r = Files.newBufferedReader(path)) {
                file.load(r);
            }
        } else if (configured != null) {
            throw new IOException("PARLEY_CONFIG names " + path + ", which is not a readable file");
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String key = option.longestName().replaceFirst("^-+", "");
        String env = System.getenv("PARLEY_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (env != null) {
            return env;
        }
        return file.getProperty(key);
    }
}
