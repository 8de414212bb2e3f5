package org.parley.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment ({@code --idle-timeout} is {@code PARLEY_IDLE_TIMEOUT}) or from
 * a properties file ({@code idle-timeout=30}) named by {@code PARLEY_CONFIG}, by default
 * {@code parley-server.properties} in the working directory. The command line wins over both, the
 * environment over the file.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    static final String DEFAULT_FILE = "parley-server.properties";

    private final Map<String, String> env;
    private final Properties file = new Properties();

    /** Used by picocli: the process environment and working directory. */
    public EnvironmentDefaults() throws IOException {
        this(System.getenv(), Path.of(""));
    }

    EnvironmentDefaults(Map<String, String> env, Path workingDir) throws IOException {
        this.env = env;
        String configured = env.get("PARLEY_CONFIG");
        Path path = workingDir.resolve(configured != null ? configured : DEFAULT_FILE);
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
        String fromEnv = env.get("PARLEY_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
        return fromEnv != null ? fromEnv : file.getProperty(key);
    }
}
