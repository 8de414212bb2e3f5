package org.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.server.core.TestServer;

/** Endings the user must see: the idle timeout, and logging out; neither reconnects by itself. */
class WebClientSessionEndBrowserTest {

    @Test
    void theIdleTimeoutIsShownAndNotFollowedByAnAutomaticLogin(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        try (TestServer server = TestServer.start(dir, s -> s.withWeb(new InetSocketAddress("127.0.0.1", 0), null)
                .withIdleTimeout(Duration.ofSeconds(2)));
             Browser browser = Browser.open(dir.resolve("profile"), false)) {
            browser.login("http://127.0.0.1:" + server.server().webAddress().getPort() + "/", "alice", "alicepw");
            browser.awaitChat();
            browser.awaitText("login-error", "Timeout. You have been logged out due to inactivity");
            assertThat(browser.byId("login-screen").isDisplayed()).isTrue();
            org.awaitility.Awaitility.await().atMost(Browser.WAIT).until(() -> server.server().core().onlineCount() == 0);
        }
    }

    @Test
    void loggingOutWithTheButtonEndsTheSession(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        try (TestServer server = TestServer.start(dir, s -> s.withWeb(new InetSocketAddress("127.0.0.1", 0), null));
             Browser browser = Browser.open(dir.resolve("profile"), false)) {
            browser.login("http://127.0.0.1:" + server.server().webAddress().getPort() + "/", "alice", "alicepw");
            browser.awaitChat();
            browser.byId("logout").click();
            browser.awaitText("login-error", "You have logged out");
            org.awaitility.Awaitility.await().atMost(Browser.WAIT).until(() -> server.server().core().onlineCount() == 0);
        }
    }
}
