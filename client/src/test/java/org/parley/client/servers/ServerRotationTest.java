package org.parley.client.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The ring of endpoints, with a resolver a test controls (no DNS). */
class ServerRotationTest {

    private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    private final AddressResolver resolver = host -> {
        List<InetAddress> answer = dns.get(host);
        if (answer == null) {
            throw new UnknownHostException(host + ": no such name");
        }
        List<InetAddress> shuffled = new ArrayList<>(answer);
        Collections.shuffle(shuffled); // round-robin DNS answers in any order
        return shuffled;
    };

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private ServerRotation rotation(int start, String... servers) {
        List<ServerAddress> list = new ArrayList<>();
        for (String s : servers) {
            list.add(ServerAddress.parse(s, 12000));
        }
        return new ServerRotation(list, resolver, n -> start);
    }

    private static List<String> shown(List<Endpoint> endpoints) {
        return endpoints.stream().map(Endpoint::toString).toList();
    }

    @Test
    void serversInTheOrderNamedAndANameExpandedToAllItsAddressesInAStableOrder() throws Exception {
        dns.put("a", List.of(ip("10.0.0.1")));
        dns.put("chat", List.of(ip("10.0.0.9"), ip("10.0.0.3"), ip("10.0.0.5")));
        dns.put("10.0.0.7", List.of(ip("10.0.0.7")));
        ServerRotation rotation = rotation(0, "a:1", "chat", "10.0.0.7:2");
        for (int i = 0; i < 5; i++) {
            assertThat(shown(rotation.endpoints())).containsExactly("a:1", "chat:12000 at 10.0.0.3",
                    "chat:12000 at 10.0.0.5", "chat:12000 at 10.0.0.9", "10.0.0.7:2");
        }
    }

    @Test
    void theFirstRoundStartsAtTheRandomPickAndTriesEachOnceInRingOrder() throws Exception {
        dns.put("a", List.of(ip("10.0.0.1")));
        dns.put("b", List.of(ip("10.0.0.2")));
        dns.put("c", List.of(ip("10.0.0.3")));
        assertThat(shown(rotation(0, "a", "b", "c").firstRound())).containsExactly("a:12000", "b:12000", "c:12000");
        assertThat(shown(rotation(2, "a", "b", "c").firstRound())).containsExactly("c:12000", "a:12000", "b:12000");
    }

    @Test
    void afterALossTheNextOneAfterTheCurrentWrappingAround() throws Exception {
        dns.put("a", List.of(ip("10.0.0.1")));
        dns.put("chat", List.of(ip("10.0.0.2"), ip("10.0.0.3")));
        ServerRotation rotation = rotation(0, "a", "chat");
        List<Endpoint> ring = rotation.endpoints();
        assertThat(rotation.after(ring.get(0))).isEqualTo(ring.get(1));
        assertThat(rotation.after(ring.get(1))).isEqualTo(ring.get(2));
        assertThat(rotation.after(ring.get(2))).isEqualTo(ring.get(0));
    }

    @Test
    void aSingleServerIsItsOwnNext() throws Exception {
        dns.put("a", List.of(ip("10.0.0.1")));
        ServerRotation rotation = rotation(0, "a");
        Endpoint only = rotation.firstRound().get(0);
        assertThat(rotation.after(only)).isEqualTo(only);
        assertThat(only).hasToString("a:12000");
    }

    @Test
    void aNameThatNoLongerHasTheCurrentAddressGoesOnToTheNextServerNamed() throws Exception {
        dns.put("chat", List.of(ip("10.0.0.2"), ip("10.0.0.3")));
        dns.put("b", List.of(ip("10.0.0.9")));
        ServerRotation rotation = rotation(0, "chat", "b");
        Endpoint gone = rotation.endpoints().get(1);
        dns.put("chat", List.of(ip("10.0.0.4")));
        assertThat(rotation.after(gone)).hasToString("b:12000");
    }

    @Test
    void aNameThatDoesNotResolveIsLeftOutUnlessNoneResolves() throws Exception {
        dns.put("b", List.of(ip("10.0.0.2")));
        assertThat(shown(rotation(0, "gone", "b").endpoints())).containsExactly("b:12000");
        assertThatThrownBy(() -> rotation(0, "gone", "lost").endpoints()).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("gone");
    }

    @Test
    void theSameAddressTwiceUnderOneNameIsOneEndpoint() throws Exception {
        dns.put("chat", List.of(ip("10.0.0.2"), ip("10.0.0.2")));
        assertThat(shown(rotation(0, "chat").endpoints())).containsExactly("chat:12000");
    }
}
