package org.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;

/**
 * The web client in a real Chromium against a real server, with a protocol client (the headless
 * terminal of these tests) on the chat port at the other end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebClientBrowserTest {

    private TestServer server;
    private Browser browser;
    private String url;
    /** The page's user in this test: a fresh account each time (logins per account are rate-limited). */
    private String me;
    private int users;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        // A fixed port, so the page finds the server again after a restart.
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // The page logs in from 127.0.0.1 in every test: more often than the default per-address login rate.
        server = TestServer.start(dir, s -> s.withWeb(new InetSocketAddress("127.0.0.1", port), null).withLoginRate(100));
        url = "http://127.0.0.1:" + port + "/";
        browser = Browser.open(dir.resolve("profile"), false);
    }

    @BeforeEach
    void freshUser() {
        me = "web" + (++users);
    }

    @AfterEach
    void leave() throws IOException {
        if (browser != null) {
            browser.driver.get("about:blank"); // closes the page's socket: its session ends
            browser.window().setSize(new Dimension(1100, 760));
        }
        if (server != null) {
            server.disconnectAll();
        }
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWrongPasswordGetsTheServersAnswerAndTheRightOneLogsIn() {
        browser.login(url, "alice", "wrong");
        browser.awaitText("login-error", "Invalid Password. Please try again");
        browser.login(url, "alice", "alicepw");
        browser.awaitChat();
        browser.awaitText("status", "Connected as alice");
    }

    @Test
    void anUnknownNameRegisters() {
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        browser.awaitLine("info", "New account " + me + " registered");
    }

    @Test
    void directMessagesGoBothWaysAndAreAcknowledged() throws Exception {
        TestConnection bob = server.login("bob");
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        browser.awaitUserOnline("bob");

        bob.request(new Request.SendMessage(bob.nextId(), me, "hello from the terminal"), Response.MessageSent.class);
        assertThat(browser.awaitLine("direct", "hello from the terminal")).contains("bob");

        browser.clickUser("bob");
        browser.type("hello from the browser");
        assertThat(bob.awaitEvent(Event.MessageReceived.class).text()).isEqualTo("hello from the browser");
        browser.type("/msg bob the slash vocabulary");
        assertThat(bob.awaitEvent(Event.MessageReceived.class).text()).isEqualTo("the slash vocabulary");
        browser.type("message bob the reference vocabulary");
        assertThat(bob.awaitEvent(Event.MessageReceived.class).text()).isEqualTo("the reference vocabulary");

        bob.request(new Request.SendBroadcast(bob.nextId(), "a broadcast for everyone"), Response.BroadcastSent.class);
        // Seen from bob's conversation, the broadcast is an unread marker on Everyone until that is opened.
        browser.awaitLabel("broadcast", "Everyone (broadcasts), 1 unread");
        browser.selectConversation("broadcast");
        browser.awaitLine("broadcast", "a broadcast for everyone");
        browser.awaitLabel("broadcast", "Everyone (broadcasts)");
        browser.selectConversation("all");
        browser.screenshot(Path.of("target", "web-client.png"));

        // A new page (no memory of ids seen): had the first message not been acknowledged, it would come again.
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        bob.request(new Request.SendMessage(bob.nextId(), me, "marker"), Response.MessageSent.class);
        browser.awaitLine("direct", "marker");
        assertThat(browser.lines()).noneMatch(l -> l.contains("hello from the terminal"));
    }

    @Test
    void theOnlineListFollowsLoginsAndLogouts() throws Exception {
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        TestConnection carol = server.login("carol");
        browser.awaitUserOnline("carol");
        browser.awaitLine("info", "carol logged in");
        carol.request(new Request.Logout(carol.nextId()), Response.Bye.class);
        browser.awaitLine("info", "carol logged out");
        assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("#online button[data-user='carol']")))
                .isEmpty();
    }

    @Test
    void historyIsReadWithRdm() throws Exception {
        TestConnection dave = server.login("dave");
        dave.request(new Request.SendBroadcast(dave.nextId(), "said before the page opened"), Response.BroadcastSent.class);
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        browser.type("RDM b 1 Jan 2020 0:00:00");
        assertThat(browser.awaitLine("broadcast", "said before the page opened")).contains("(history)").contains("dave");
        browser.awaitLine("info", "of history");
    }

    @Test
    void aBlockTakesEffect() throws Exception {
        TestConnection erin = server.login("erin");
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        browser.type("block erin");
        browser.awaitLine("info", "erin is blocked");
        Response.Error refused = erin.requestError(new Request.SendMessage(erin.nextId(), me, "let me in"));
        assertThat(refused.code()).isEqualTo(ErrorCode.BLOCKED_BY_RECIPIENT);
        browser.type("unblock erin");
        browser.awaitLine("info", "erin is unblocked");
        erin.request(new Request.SendMessage(erin.nextId(), me, "thanks"), Response.MessageSent.class);
        browser.awaitLine("direct", "thanks");
    }

    @Test
    void privateChatAndUploadPointToTheTerminalClient() {
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        browser.type("startprivate bob");
        browser.awaitLine("error", "use the terminal client");
        assertThat(browser.byId("not-here").getText()).contains("Private chat and file upload");
    }

    @Test
    void thePageFitsAPhoneWidthScreen() {
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        browser.window().setSize(new Dimension(390, 800));
        Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(((Number) overflow).longValue()).isLessThanOrEqualTo(0);
        assertThat(browser.byId("line").isDisplayed()).isTrue();
    }

    @Test
    void thePageReconnectsAfterAServerRestartKeepingWhatWasTyped() throws Exception {
        browser.login(url, me, me + "pw");
        browser.awaitChat();
        browser.byId("line").sendKeys("half a thought");
        server.restart();
        browser.awaitLine("info", "Reconnected");
        browser.awaitText("status", "Connected as " + me);
        assertThat(browser.byId("line").getAttribute("value")).isEqualTo("half a thought");
        TestConnection bob = server.login("bob");
        bob.request(new Request.SendMessage(bob.nextId(), me, "after the restart"), Response.MessageSent.class);
        browser.awaitLine("direct", "after the restart");
    }
}
