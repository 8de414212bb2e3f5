package org.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnvironmentDefaultsTest {

    @TempDir
    Path dir;

    private ServerMain parse(Map<String, String> env, String... args) throws IOException {
        ServerMain main = new ServerMain();
        CommandLine cmd = new CommandLine(main);
        cmd.setDefaultValueProvider(new EnvironmentDefaults(env, dir));
        cmd.parseArgs(args);
        return main;
    }

    @Test
    void optionsComeFromTheFileTheEnvironmentAndTheCommandLineInThatOrderOfStrength() throws Exception {
        Files.writeString(dir.resolve(EnvironmentDefaults.DEFAULT_FILE), "idle-timeout=30\nport=13000\nblock-duration=7\n");
        ServerMain main = parse(Map.of("PARLEY_PORT", "14000", "PARLEY_BLOCK_DURATION", "9"), "--block-duration", "11");

        assertThat(main.idleSeconds).isEqualTo(30);
        assertThat(main.port).isEqualTo(14000);
        assertThat(main.blockSeconds).isEqualTo(11);
    }

    @Test
    void withoutFileOrEnvironmentTheBuiltInDefaultsApply() throws Exception {
        ServerMain main = parse(Map.of());
        assertThat(main.port).isEqualTo(12000);
        assertThat(main.registration).isTrue();
    }

    @Test
    void aNamedConfigFileMustExist() {
        assertThatThrownBy(() -> new EnvironmentDefaults(Map.of("PARLEY_CONFIG", "missing.properties"), dir))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.properties");
    }

    @Test
    void aNamedConfigFileIsRead() throws Exception {
        Files.writeString(dir.resolve("custom.properties"), "registration=false\n");
        assertThat(parse(Map.of("PARLEY_CONFIG", "custom.properties")).registration).isFalse();
    }

    @Test
    void registrationLimitsComeFromTheFileTheEnvironmentOrTheCommandLine() throws Exception {
        ServerMain defaults = parse(Map.of());
        assertThat(defaults.settings().registrationsPerSecond()).isEqualTo(0.5);
        assertThat(defaults.settings().maxAccounts()).isZero();

        Files.writeString(dir.resolve(EnvironmentDefaults.DEFAULT_FILE), "registration-rate=2\nmax-accounts=500\n");
        ServerSettings fromFile = parse(Map.of()).settings();
        assertThat(fromFile.registrationsPerSecond()).isEqualTo(2);
        assertThat(fromFile.maxAccounts()).isEqualTo(500);
        ServerSettings fromEnv = parse(Map.of("PARLEY_REGISTRATION_RATE", "0.1", "PARLEY_MAX_ACCOUNTS", "40")).settings();
        assertThat(fromEnv.registrationsPerSecond()).isEqualTo(0.1);
        assertThat(fromEnv.maxAccounts()).isEqualTo(40);
        ServerSettings fromArgs = parse(Map.of("PARLEY_MAX_ACCOUNTS", "40"), "--max-accounts", "7",
                "--registration-rate", "3").settings();
        assertThat(fromArgs.maxAccounts()).isEqualTo(7);
        assertThat(fromArgs.registrationsPerSecond()).isEqualTo(3);
    }
}
