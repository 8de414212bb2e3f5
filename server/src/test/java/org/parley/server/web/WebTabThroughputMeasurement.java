package org.parley.server.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Request;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;

/**
 * A measurement, not a test (BENCHMARKS.md, "Web client"): how many broadcasts per second one Chromium
 * tab receives and shows, the page as it ships (each one a line in its log). Runs only when asked for:
 * {@code -Dweb.measure=N} messages.
 */
class WebTabThroughputMeasurement {

    @Test
    void broadcastsPerSecondIntoOneTab(@TempDir Path dir) throws Exception {
        int count = Integer.getInteger("web.measure", 0);
        assumeTrue(count > 0, "a measurement: run with -Dweb.measure=<messages>");
        Browser.assumeInstalled();
        try (TestServer server = TestServer.start(dir, s -> s.withWeb(new InetSocketAddress("127.0.0.1", 0), null)
                .withLimits(200, 1_000_000, 1_000_000));
             Browser browser = Browser.open(dir.resolve("profile"), false)) {
            browser.login("http://127.0.0.1:" + server.server().webAddress().getPort() + "/", "alice", "alicepw");
            browser.awaitChat();
            TestConnection bob = server.login("bob");
            String counter = "return document.querySelectorAll(\"#log li[data-kind='broadcast']\").length;";
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                bob.send(new Request.SendBroadcast(bob.nextId(), "message " + i));
            }
            long sent = System.nanoTime();
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ((Number) browser.script(counter)).intValue() >= count);
            long shown = System.nanoTime();
            double seconds = (shown - start) / 1e9;
            System.out.printf("web tab: %d broadcasts shown in %.2f s: %.0f messages/s (all sent after %.2f s)%n",
                    count, seconds, count / seconds, (sent - start) / 1e9);
        }
    }
}
