package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/** SPEC 3.1, 3.2, 3.4 and 7.2: direct messages, broadcasts, blocks, messagelog.txt. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagingComponentTest {

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
    void aMessageToAnOnlineUserIsDeliveredAtOnce() throws Exception {
        TestConnection from = server.register("lfrom");
        TestConnection to = server.register("lto");
        Response.MessageSent sent = from.request(new Request.SendMessage(from.nextId(), "lto", "hi there"),
                Response.MessageSent.class);
        assertThat(sent.to()).isEqualTo("lto");
        assertThat(sent.stored()).isFalse();
        Event.MessageReceived got = to.awaitEvent(Event.MessageReceived.class);
        assertThat(got.from()).isEqualTo("lfrom");
        assertThat(got.text()).isEqualTo("hi there");
        assertThat(got.offline()).isFalse();
    }

    @Test
    void messagesToAnOfflineUserAreStoredAndDeliveredOldestFirstAtLogin() throws Exception {
        TestConnection away = server.register("oaway");
        away.request(new Request.Logout(away.nextId()), Response.Bye.class);
        away.awaitClosed();
        TestConnection from = server.register("ofrom");
        for (String text : new String[] {"first", "second", "third"}) {
            Response.MessageSent sent = from.request(new Request.SendMessage(from.nextId(), "oaway", text),
                    Response.MessageSent.class);
            assertThat(sent.stored()).isTrue();
        }

        TestConnection back = server.connect();
        assertThat(back.login("oaway", "oawaypw")).isInstanceOf(Response.LoggedIn.class);
        for (String text : new String[] {"first", "second", "third"}) {
            Event.MessageReceived got = back.awaitEvent(Event.MessageReceived.class);
            assertThat(got.from()).isEqualTo("ofrom");
            assertThat(got.text()).isEqualTo(text);
            assertThat(got.offline()).isTrue();
        }
        back.request(new Request.Logout(back.nextId()), Response.Bye.class);

        // delivered once only
        TestConnection third = server.connect();
        assertThat(third.login("oaway", "oawaypw")).isInstanceOf(Response.LoggedIn.class);
        third.sync();
        assertThat(third.keptOf(Event.MessageReceived.class)).isEmpty();
    }

    @Test
    void messagesAreRefusedToBlockersToSelfAndToUnknownUsers() throws Exception {
        TestConnection from = server.register("rfrom");
        TestConnection blocker = server.register("rblocker");
        blocker.request(new Request.Block(blocker.nextId(), "rfrom"), Response.Ok.class);

        Response.Error blocked = from.requestError(new Request.SendMessage(from.nextId(), "rblocker", "hello"));
        assertThat(blocked.code()).isEqualTo(ErrorCode.BLOCKED_BY_RECIPIENT);
        assertThat(blocked.message()).isEqualTo("Your message could not be delivered as the recipient has blocked you");
        Response.Error self = from.requestError(new Request.SendMessage(from.nextId(), "rfrom", "me"));
        assertThat(self.code()).isEqualTo(ErrorCode.SELF);
        Response.Error unknown = from.requestError(new Request.SendMessage(from.nextId(), "nosuchuser", "hello"));
        assertThat(unknown.code()).isEqualTo(ErrorCode.INVALID_USER);
        assertThat(unknown.message()).isEqualTo("Error. Invalid user");

        blocker.sync();
        assertThat(blocker.keptOf(Event.MessageReceived.class)).isEmpty();
    }

    @Test
    void broadcastsAreNumberedLoggedAndSkipBlockers() throws Exception {
        TestConnection sender = server.register("bsender");
        TestConnection listener = server.register("blisten");
        TestConnection blocker = server.register("bblocker");
        blocker.request(new Request.Block(blocker.nextId(), "bsender"), Response.Ok.class);

        Response.BroadcastSent first = sender.request(new Request.SendBroadcast(sender.nextId(), "hello all"),
                Response.BroadcastSent.class);
        assertThat(first.someSkipped()).isTrue();
        Event.BroadcastReceived heard = listener.awaitEvent(Event.BroadcastReceived.class);
        assertThat(heard).isEqualTo(new Event.BroadcastReceived("bsender", "hello all", first.number(), first.at()));

        Response.BroadcastSent second = listener.request(new Request.SendBroadcast(listener.nextId(), "hi back"),
                Response.BroadcastSent.class);
        assertThat(second.number()).isEqualTo(first.number() + 1);
        assertThat(second.someSkipped()).isFalse();
        assertThat(sender.awaitEvent(Event.BroadcastReceived.class).number()).isEqualTo(second.number());
        assertThat(blocker.awaitEvent(Event.BroadcastReceived.class).from()).isEqualTo("blisten");
        blocker.sync();
        assertThat(blocker.keptOf(Event.BroadcastReceived.class)).isEmpty();
        sender.sync();
        assertThat(sender.keptOf(Event.BroadcastReceived.class)).as("own broadcast is not echoed").isEmpty();

        Path log = server.file("messagelog.txt");
        await().atMost(TestConnection.WAIT).untilAsserted(() -> assertThat(Files.readAllLines(log))
                .anySatisfy(l -> assertThat(l).matches(first.number()
                        + "; \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}; bsender; hello all"))
                .anySatisfy(l -> assertThat(l).startsWith(second.number() + "; ").endsWith("; blisten; hi back")));
    }

    @Test
    void blockAndUnblockConfirmAndRefuseNonsense() throws Exception {
        TestConnection me = server.register("kme");
        TestConnection other = server.register("kother");
        me.request(new Request.Block(me.nextId(), "kother"), Response.Ok.class);
        assertThat(other.requestError(new Request.SendMessage(other.nextId(), "kme", "x")).code())
                .isEqualTo(ErrorCode.BLOCKED_BY_RECIPIENT);
        // a second block changes nothing and says so, as a second unblock does below
        Response.Error already = me.requestError(new Request.Block(me.nextId(), "kother"));
        assertThat(already.code()).isEqualTo(ErrorCode.ALREADY_BLOCKED);
        assertThat(already.message()).isEqualTo("Error. kother is already blocked");
        assertThat(other.requestError(new Request.SendMessage(other.nextId(), "kme", "x")).code())
                .isEqualTo(ErrorCode.BLOCKED_BY_RECIPIENT);

        Response.Error self = me.requestError(new Request.Block(me.nextId(), "kme"));
        assertThat(self.code()).isEqualTo(ErrorCode.SELF);
        assertThat(self.message()).isEqualTo("Error. Cannot block self");
        Response.Error unknown = me.requestError(new Request.Block(me.nextId(), "nosuchuser"));
        assertThat(unknown.message()).isEqualTo("Error. Invalid user");

        me.request(new Request.Unblock(me.nextId(), "kother"), Response.Ok.class);
        Response.Error notBlocked = me.requestError(new Request.Unblock(me.nextId(), "kother"));
        assertThat(notBlocked.code()).isEqualTo(ErrorCode.NOT_BLOCKED);
        assertThat(notBlocked.message()).isEqualTo("Error. kother was not blocked");
        other.request(new Request.SendMessage(other.nextId(), "kme", "friends again"), Response.MessageSent.class);
        assertThat(me.awaitEvent(Event.MessageReceived.class).text()).isEqualTo("friends again");
    }

    @Test
    void aBlockStopsFurtherOfflineMessagesFromThatSenderOnly() throws Exception {
        TestConnection away = server.register("daway");
        away.request(new Request.Logout(away.nextId()), Response.Bye.class);
        TestConnection pest = server.register("dpest");
        TestConnection friend = server.register("dfriend");
        pest.request(new Request.SendMessage(pest.nextId(), "daway", "from pest"), Response.MessageSent.class);
        friend.request(new Request.SendMessage(friend.nextId(), "daway", "from friend"), Response.MessageSent.class);

        TestConnection back = server.connect();
        assertThat(back.login("daway", "dawaypw")).isInstanceOf(Response.LoggedIn.class);
        assertThat(back.awaitEvent(Event.MessageReceived.class).from()).isIn("dpest", "dfriend");
        back.request(new Request.Block(back.nextId(), "dpest"), Response.Ok.class);
        back.request(new Request.Logout(back.nextId()), Response.Bye.class);

        pest.request(new Request.SendMessage(pest.nextId(), "daway", "refused now"), Response.Error.class);
        friend.request(new Request.SendMessage(friend.nextId(), "daway", "later"), Response.MessageSent.class);
        TestConnection again = server.connect();
        assertThat(again.login("daway", "dawaypw")).isInstanceOf(Response.LoggedIn.class);
        assertThat(again.awaitEvent(Event.MessageReceived.class).text()).isEqualTo("later");
        again.sync();
        assertThat(again.keptOf(Event.MessageReceived.class)).isEmpty();
    }

    @Test
    void anOfflineUserCanBeBlocked() throws Exception {
        TestConnection away = server.register("faway");
        away.request(new Request.Logout(away.nextId()), Response.Bye.class);
        TestConnection me = server.register("fme");
        me.request(new Request.Block(me.nextId(), "faway"), Response.Ok.class);
    }
}
