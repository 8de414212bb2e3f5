package org.parley.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.bench.support.LeanTransport;

/** The IRC yardstick's user against a scripted server: registration, join, PING, and the stamped message. */
class IrcUserTest {

    private final LeanTransport transport = LeanTransport.best(1);

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void registersJoinsAnswersPingAndCountsAStampedChannelMessage() throws Exception {
        DeliveryProbe probe = new DeliveryProbe();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<IrcUser> joined = IrcUser.join(address(server), transport, "r1", probe);
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                assertThat(in.readLine()).isEqualTo("NICK r1");
                assertThat(in.readLine()).startsWith("USER r1 ");
                out.print(":irc.test NOTICE * :*** Looking up your hostname\r\n:irc.test 001 r1 :Welcome\r\n");
                out.flush();
                assertThat(in.readLine()).isEqualTo("JOIN " + IrcUser.CHANNEL);
                out.print("PING :irc.test\r\n");
                out.flush();
                assertThat(in.readLine()).isEqualTo("PONG :irc.test");
                assertThat(joined).isNotDone();
                out.print(":irc.test 353 r1 = " + IrcUser.CHANNEL + " :r1 s1\r\n:irc.test 366 r1 " + IrcUser.CHANNEL
                        + " :End of /NAMES list.\r\n");
                out.flush();
                IrcUser user = joined.get(10, TimeUnit.SECONDS);

                // someone else's line in the channel, not stamped, then a stamped one
                out.print(":s1!s1@localhost PRIVMSG " + IrcUser.CHANNEL + " :hello\r\n:s1!s1@localhost PRIVMSG "
                        + IrcUser.CHANNEL + " :" + DeliveryProbe.stamp() + "\r\n");
                out.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> probe.delivered() == 1);

                user.say("t42");
                assertThat(in.readLine()).isEqualTo("PRIVMSG " + IrcUser.CHANNEL + " :t42");
            }
        }
    }

    @Test
    void aNickInUseFailsTheJoinWithTheServersLine() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<IrcUser> joined = IrcUser.join(address(server), transport, "r1", new DeliveryProbe());
            try (Socket s = server.accept()) {
                PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                out.print(":irc.test 433 * r1 :Nickname is already in use.\r\n");
                out.flush();
                assertThatThrownBy(() -> joined.get(10, TimeUnit.SECONDS)).hasMessageContaining("433");
            }
        }
    }

    private static InetSocketAddress address(ServerSocket server) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }
}
