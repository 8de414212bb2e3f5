package org.parley.client.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ShellOptionsTest {

    @CommandLine.Command(name = "t")
    static final class Holder {
        @CommandLine.Mixin
        ShellOptions options = new ShellOptions();
    }

    private static ShellOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.options;
    }

    private static String shown(Presentation p) {
        return p.timeFormat().map(f -> f.withZone(ZoneOffset.UTC).format(Instant.parse("2026-06-01T12:04:30Z"))).orElse("-");
    }

    @Test
    void aTerminalShowsMinutesAndRingsAScriptNeither() {
        Map<String, String> env = Map.of("HOME", "/h");
        Presentation terminal = parse().resolve(false, env);
        assertThat(shown(terminal)).isEqualTo("12:04");
        assertThat(terminal.bell()).isTrue();
        assertThat(terminal.historyDir()).contains(java.nio.file.Path.of("/h/.parley"));

        Presentation script = parse().resolve(true, env);
        assertThat(shown(script)).isEqualTo("-");
        assertThat(script.bell()).isFalse();
        assertThat(script.historyDir()).isEmpty();
    }

    @Test
    void theOptionsChangeIt() {
        Map<String, String> env = Map.of();
        assertThat(shown(parse("--time-format", "HH:mm:ss").resolve(true, env))).isEqualTo("12:04:30");
        assertThat(shown(parse("--time-format", "none").resolve(false, env))).isEqualTo("-");
        assertThat(parse("--no-bell").resolve(false, env).bell()).isFalse();
    }

    @Test
    void aBadPatternIsAUsageError() {
        Holder holder = new Holder();
        CommandLine line = new CommandLine(holder);
        line.parseArgs("--time-format", "HH:mm{");
        assertThatThrownBy(() -> holder.options.check(line))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("Error. Invalid time format: 'HH:mm{'");
    }
}
