package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/** SPEC 2.3, 2.4, 3.3 and 7.1: presence notices, whoelse, ATU, whoelsesince, logout and userlog.txt. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresenceComponentTest {

    private static final String TS = "\\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}";

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir);
    }

    @AfterEach
    void logOutEveryone() throws IOException {
        server.disconnectAll();
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void loginAndLogoutNoticesSkipUsersTheSubjectHasBlocked() throws Exception {
        TestConnection watcher = server.register("nwatch");
        TestConnection shunned = server.register("nshun");
        TestConnection subject = server.register("nsubj");
        assertThat(watcher.awaitEvent(Event.UserLoggedIn.class)).isEqualTo(new Event.UserLoggedIn("nshun"));
        assertThat(watcher.awaitEvent(Event.UserLoggedIn.class)).isEqualTo(new Event.UserLoggedIn("nsubj"));
        assertThat(shunned.awaitEvent(Event.UserLoggedIn.class)).isEqualTo(new Event.UserLoggedIn("nsubj"));
        subject.request(new Request.Block(subject.nextId(), "nshun"), Response.Ok.class);

        Response.Bye bye = subject.request(new Request.Logout(subject.nextId()), Response.Bye.class);
        assertThat(bye.username()).isEqualTo("nsubj");
        subject.awaitClosed();
        assertThat(watcher.awaitEvent(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("nsubj"));

        TestConnection again = server.connect();
        assertThat(again.login("nsubj", "nsubjpw")).isInstanceOf(Response.LoggedIn.class);
        assertThat(watcher.awaitEvent(Event.UserLoggedIn.class)).isEqualTo(new Event.UserLoggedIn("nsubj"));
        shunned.sync();
        assertThat(shunned.keptOf(Event.UserLoggedOut.class)).isEmpty();
        assertThat(shunned.keptOf(Event.UserLoggedIn.class)).isEmpty();
    }

    @Test
    void whoElseAndAtuLeaveOutTheCallerAndItsBlockers() throws Exception {
        TestConnection first = server.register("wfirst", 5001, 0);
        TestConnection middle = server.register("wmiddle", 5002, 0);
        TestConnection last = server.register("wlast", 5003, 0);
        last.request(new Request.Block(last.nextId(), "wfirst"), Response.Ok.class);

        assertThat(first.request(new Request.WhoElse(first.nextId()), Response.UserList.class).users())
                .containsExactly("wmiddle");
        assertThat(middle.request(new Request.WhoElse(middle.nextId()), Response.UserList.class).users())
                .containsExactly("wfirst", "wlast");

        List<ActiveUser> atu = middle.request(new Request.ActiveUsers(middle.nextId()), Response.ActiveUserList.class).users();
        assertThat(atu).extracting(ActiveUser::username).containsExactly("wfirst", "wlast");
        assertThat(atu.get(0).ip()).isEqualTo(first.localIp());
        assertThat(atu.get(0).udpPort()).isEqualTo(5001);
        assertThat(atu.get(1).ip()).isEqualTo(last.localIp());
        assertThat(atu.get(1).udpPort()).isEqualTo(5003);
        assertThat(atu.get(0).since()).isLessThanOrEqualTo(atu.get(1).since());
        assertThat(first.request(new Request.ActiveUsers(first.nextId()), Response.ActiveUserList.class).users())
                .extracting(ActiveUser::username).containsExactly("wmiddle");
    }

    @Test
    void aLoneUserHasNobodyElse() throws Exception {
        TestConnection alone = server.register("lonely");
        assertThat(alone.request(new Request.WhoElse(alone.nextId()), Response.UserList.class).users()).isEmpty();
        assertThat(alone.request(new Request.ActiveUsers(alone.nextId()), Response.ActiveUserList.class).users()).isEmpty();
    }

    @Test
    void whoElseSinceIncludesRecentLogoutsAndLeavesOutSelfBlockersAndOlderLogouts() throws Exception {
        TestConnection caller = server.register("scaller");
        TestConnection online = server.register("sonline");
        TestConnection gone = server.register("sgone");
        TestConnection blocker = server.register("sblocker");
        blocker.request(new Request.Block(blocker.nextId(), "scaller"), Response.Ok.class);
        gone.request(new Request.Logout(gone.nextId()), Response.Bye.class);
        gone.awaitClosed();

        List<String> hour = caller.request(new Request.WhoElseSince(caller.nextId(), 3600), Response.UserList.class).users();
        assertThat(hour).contains("sonline", "sgone").doesNotContain("scaller", "sblocker");

        // with a one-second window the logout soon falls out of it, while an online user stays in
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                !caller.request(new Request.WhoElseSince(caller.nextId(), 1), Response.UserList.class).users()
                        .contains("sgone"));
        assertThat(caller.request(new Request.WhoElseSince(caller.nextId(), 1), Response.UserList.class).users())
                .contains("sonline");
        assertThat(online.request(new Request.WhoElseSince(online.nextId(), Long.MAX_VALUE), Response.UserList.class).users())
                .as("a window longer than the history lists everyone seen").contains("scaller", "sgone");
    }

    @Test
    void abruptDisconnectIsALogoutAndRenumbersUserlog() throws Exception {
        TestConnection a = server.register("ua", 7001, 0);
        TestConnection b = server.register("ub", 7002, 0);
        TestConnection c = server.register("uc", 7003, 0);
        Path userlog = server.file("userlog.txt");
        await().atMost(TestConnection.WAIT).untilAsserted(() -> assertThat(Files.readAllLines(userlog)).satisfiesExactly(
                l -> assertThat(l).matches("1; " + TS + "; ua; " + a.localIp().replace(".", "\\.") + "; 7001"),
                l -> assertThat(l).matches("2; " + TS + "; ub; " + b.localIp().replace(".", "\\.") + "; 7002"),
                l -> assertThat(l).matches("3; " + TS + "; uc; " + c.localIp().replace(".", "\\.") + "; 7003")));

        b.close();

        assertThat(a.awaitEvent(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("ub"));
        assertThat(c.awaitEvent(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("ub"));
        await().atMost(TestConnection.WAIT).untilAsserted(() -> assertThat(Files.readAllLines(userlog)).satisfiesExactly(
                l -> assertThat(l).matches("1; " + TS + "; ua; .*; 7001"),
                l -> assertThat(l).matches("2; " + TS + "; uc; .*; 7003")));
        assertThat(a.request(new Request.WhoElse(a.nextId()), Response.UserList.class).users()).containsExactly("uc");
    }

    @Test
    void logoutSaysByeClosesAndTellsTheOthers() throws Exception {
        TestConnection stays = server.register("ostays");
        TestConnection leaves = server.register("oleaves");
        Response.Bye bye = leaves.request(new Request.Logout(leaves.nextId()), Response.Bye.class);
        assertThat(bye.username()).isEqualTo("oleaves");
        leaves.awaitClosed();
        assertThat(stays.awaitEvent(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("oleaves"));
    }
}
