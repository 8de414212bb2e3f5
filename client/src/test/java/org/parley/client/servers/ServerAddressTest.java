package org.parley.client.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "chat.example.org|chat.example.org|12000|chat.example.org:12000",
            "chat.example.org:4000|chat.example.org|4000|chat.example.org:4000",
            " 10.0.0.2:4000 |10.0.0.2|4000|10.0.0.2:4000",
            "10.0.0.2|10.0.0.2|12000|10.0.0.2:12000",
            "[::1]:4000|::1|4000|[::1]:4000",
            "[fe80::1]|fe80::1|12000|[fe80::1]:12000",
            "fe80::1|fe80::1|12000|[fe80::1]:12000",
    })
    void hostAndPortAsTyped(String text, String host, int port, String shown) {
        ServerAddress address = ServerAddress.parse(text, 12000);
        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
        assertThat(address).hasToString(shown);
        assertThat(ServerAddress.parse(address.toString(), 1)).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":4000", "host:", "host:0", "host:70000", "host:abc", "[::1", "[::1]x", "[::1]:",
            "two words", "tab\there"})
    void badAddressesAreRefusedNamingTheProblem(String text) {
        assertThatThrownBy(() -> ServerAddress.parse(text, 12000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid server");
    }

    @Test
    void aCommaListKeepsItsOrderAndGivesThePortToEntriesWithoutOne() {
        assertThat(ServerAddress.parseList("a:1,b, [::1]:3", 12000)).containsExactly(new ServerAddress("a", 1),
                new ServerAddress("b", 12000), new ServerAddress("::1", 3));
        assertThatThrownBy(() -> ServerAddress.parseList("a,,b", 12000)).hasMessageContaining("an empty entry");
        assertThatThrownBy(() -> ServerAddress.parseList("a,", 12000)).hasMessageContaining("an empty entry");
    }

    @Test
    void literalsNeedNoResolving() {
        assertThat(new ServerAddress("10.1.2.3", 1).isLiteral()).isTrue();
        assertThat(new ServerAddress("::1", 1).isLiteral()).isTrue();
        assertThat(new ServerAddress("chat.example.org", 1).isLiteral()).isFalse();
    }
}
