package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Event;
import org.parley.protocol.Limits;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * Issue 10 item 1: a direct message is delivered when the recipient's client acknowledged it, not when
 * the server queued it. Backlogs flow through a bounded window however big they are; what was not
 * acknowledged comes again at the next login; nobody can acknowledge someone else's messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryComponentTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // the senders pipeline thousands of messages: lift the per-session command rate
        server = TestServer.start(dir, s -> s.withLimits(64, 1_000_000, 1_000_000));
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
    void aBacklogFarOverTheSlowReaderLimitArrivesInFullOldestFirst() throws Exception {
        // 2,500 x 4,000 characters of three UTF-8 bytes each: about 30 MB of frames, far over the 8 MiB at
        // which a connection with that much waiting for it is cut off (and over what the kernel's socket
        // buffers hide). Pushed all at once to a reader that pauses, it was cut off and the rest lost.
        TestConnection from = awayWithBacklog("gaway", "gfrom", 2_500, Limits.MAX_TEXT_CHARS, '\u2713');

        TestConnection back = server.connect();
        assertThat(back.login("gaway", "gawaypw")).isInstanceOf(Response.LoggedIn.class);
        back.pauseReading();
        // whoelsesince is answered from the writer's queue, after the login's first read of stored
        // messages: by its answer, whatever the server pushes at once has been queued for "back"
        from.request(new Request.WhoElseSince(from.nextId(), 10), Response.UserList.class);
        back.resumeReading();

        List<Event.MessageReceived> got = receive(back, 2_500);
        assertThat(got).extracting(Event.MessageReceived::text)
                .containsExactlyElementsOf(texts(2_500, Limits.MAX_TEXT_CHARS, '\u2713'));
        assertThat(got).allMatch(Event.MessageReceived::offline);
        assertThat(got).extracting(Event.MessageReceived::messageId).isSorted().doesNotHaveDuplicates();
        back.sync();
        assertThat(back.isClosedByServer()).isFalse();
        back.request(new Request.Logout(back.nextId()), Response.Bye.class);

        assertNothingPendingFor("gaway");
    }

    @Test
    void whatANeverAckingClientWasSentComesAgainAtTheNextLoginAndItsWindowIsBounded() throws Exception {
        int count = DeliveryWindow.MAX_IN_FLIGHT_MESSAGES + 76;
        awayWithBacklog("naway", "nfrom", count, 10);

        TestConnection silent = server.connect().withoutAcks();
        assertThat(silent.login("naway", "nawaypw")).isInstanceOf(Response.LoggedIn.class);
        List<Event.MessageReceived> first = receive(silent, DeliveryWindow.MAX_IN_FLIGHT_MESSAGES);
        silent.sync();
        assertThat(silent.keptOf(Event.MessageReceived.class)).as("nothing past the window without acks").isEmpty();
        silent.close();
        awaitOffline("naway");

        TestConnection back = server.connect();
        assertThat(back.login("naway", "nawaypw")).isInstanceOf(Response.LoggedIn.class);
        List<Event.MessageReceived> again = receive(back, count);
        assertThat(again).extracting(Event.MessageReceived::text).containsExactlyElementsOf(texts(count, 10));
        assertThat(again.subList(0, first.size())).as("the unacknowledged ones again, same ids")
                .extracting(Event.MessageReceived::messageId)
                .containsExactlyElementsOf(first.stream().map(Event.MessageReceived::messageId).toList());
        back.sync();
        back.request(new Request.Logout(back.nextId()), Response.Bye.class);
        assertNothingPendingFor("naway");
    }

    @Test
    void acksOfIdsASessionWasNotSentChangeNothing() throws Exception {
        awayWithBacklog("vaway", "vfrom", 20, 10);
        TestConnection thief = server.register("vthief");
        // every id this server can have handed out so far, in as many acks as it takes
        List<Long> all = LongStream.rangeClosed(1, 20_000).boxed().toList();
        for (int i = 0; i < all.size(); i += Limits.MAX_ACK_IDS) {
            thief.ack(all.subList(i, Math.min(all.size(), i + Limits.MAX_ACK_IDS)));
        }
        thief.sync();
        assertThat(thief.keptOf(Response.class)).as("accepted acks are not answered").isEmpty();

        TestConnection back = server.connect();
        assertThat(back.login("vaway", "vawaypw")).isInstanceOf(Response.LoggedIn.class);
        assertThat(receive(back, 20)).extracting(Event.MessageReceived::text).containsExactlyElementsOf(texts(20, 10));
    }

    @Test
    void aLiveMessageToARecipientWhoDropsBeforeAckingIsDeliveredAgain() throws Exception {
        TestConnection from = server.register("lfrom2");
        TestConnection to = server.connect().withoutAcks();
        to.hello();
        to.request(new Request.LoginUser(to.nextId(), "lto2"), Response.LoginPrompt.class);
        to.request(new Request.LoginPassword(to.nextId(), "lto2pw", 0, 0), Response.LoggedIn.class);

        Response.MessageSent sent = from.request(new Request.SendMessage(from.nextId(), "lto2", "are you there"),
                Response.MessageSent.class);
        assertThat(sent.stored()).isFalse();
        Event.MessageReceived live = to.awaitEvent(Event.MessageReceived.class);
        assertThat(live.offline()).isFalse();
        to.close();
        awaitOffline("lto2");

        TestConnection back = server.connect();
        assertThat(back.login("lto2", "lto2pw")).isInstanceOf(Response.LoggedIn.class);
        Event.MessageReceived again = back.awaitEvent(Event.MessageReceived.class);
        assertThat(again.messageId()).isEqualTo(live.messageId());
        assertThat(again.text()).isEqualTo("are you there");
        assertThat(again.offline()).as("sent before this login").isTrue();
        back.sync();
        back.request(new Request.Logout(back.nextId()), Response.Bye.class);
        assertNothingPendingFor("lto2");
    }

    @Test
    void liveMessagesWaitBehindTheBacklogInOrderAndAreNeverPushedTwice() throws Exception {
        int count = DeliveryWindow.MAX_IN_FLIGHT_MESSAGES + 50;
        TestConnection from = awayWithBacklog("oaway2", "ofrom2", count, 10);

        TestConnection to = server.connect().withoutAcks();
        assertThat(to.login("oaway2", "oaway2pw")).isInstanceOf(Response.LoggedIn.class);
        List<Event.MessageReceived> first = receive(to, DeliveryWindow.MAX_IN_FLIGHT_MESSAGES);
        // the window is full: these wait in the store behind the rest of the backlog
        for (String text : List.of("live one", "live two")) {
            assertThat(from.request(new Request.SendMessage(from.nextId(), "oaway2", text), Response.MessageSent.class)
                    .stored()).isFalse();
        }
        to.sync();
        assertThat(to.keptOf(Event.MessageReceived.class)).isEmpty();

        to.ack(first.stream().map(Event.MessageReceived::messageId).toList());
        List<Event.MessageReceived> rest = receive(to, count - first.size() + 2);
        // and one more live message, now that the backlog is drained: pushed at once
        from.request(new Request.SendMessage(from.nextId(), "oaway2", "live three"), Response.MessageSent.class);
        Event.MessageReceived third = to.awaitEvent(Event.MessageReceived.class);

        List<Event.MessageReceived> all = new ArrayList<>(first);
        all.addAll(rest);
        all.add(third);
        List<String> expected = new ArrayList<>(texts(count, 10));
        expected.addAll(List.of("live one", "live two", "live three"));
        assertThat(all).extracting(Event.MessageReceived::text).containsExactlyElementsOf(expected);
        assertThat(all).extracting(Event.MessageReceived::messageId).isSorted().doesNotHaveDuplicates();
        assertThat(all.subList(count, count + 3)).noneMatch(Event.MessageReceived::offline);
        to.sync();
        assertThat(to.keptOf(Event.MessageReceived.class)).as("nothing twice").isEmpty();
    }

    @Test
    void anUnacknowledgedMessageFromASenderBlockedSinceIsDroppedAtTheNextLoginForGood() throws Exception {
        TestConnection pest = server.register("xpest");
        TestConnection to = server.connect().withoutAcks();
        to.hello();
        to.request(new Request.LoginUser(to.nextId(), "xto"), Response.LoginPrompt.class);
        to.request(new Request.LoginPassword(to.nextId(), "xtopw", 0, 0), Response.LoggedIn.class);
        pest.request(new Request.SendMessage(pest.nextId(), "xto", "buy now"), Response.MessageSent.class);
        to.awaitEvent(Event.MessageReceived.class);
        to.request(new Request.Block(to.nextId(), "xpest"), Response.Ok.class);
        to.close();
        awaitOffline("xto");

        TestConnection back = server.connect();
        assertThat(back.login("xto", "xtopw")).isInstanceOf(Response.LoggedIn.class);
        back.request(new Request.Unblock(back.nextId(), "xpest"), Response.Ok.class);
        back.sync();
        assertThat(back.keptOf(Event.MessageReceived.class)).as("dropped: the recipient blocks the sender").isEmpty();
        back.request(new Request.Logout(back.nextId()), Response.Bye.class);
        // unblocked now: had it only been skipped, not marked delivered, it would come back here
        assertNothingPendingFor("xto");
    }

    @Test
    void aMalformedAckIsAnsweredAndAnAckBeforeLoginIsRefused() throws Exception {
        TestConnection c = server.register("kacker");
        Request.Ack tooMany = new Request.Ack(c.nextId(), LongStream.rangeClosed(1, Limits.MAX_ACK_IDS + 1).boxed().toList());
        assertThat(c.requestError(tooMany).code()).isEqualTo(org.parley.protocol.ErrorCode.INVALID_ARGUMENT);
        assertThat(c.requestError(new Request.Ack(c.nextId(), List.of(-1L))).code())
                .isEqualTo(org.parley.protocol.ErrorCode.BAD_FRAME);

        TestConnection early = server.connect();
        early.hello();
        assertThat(early.requestError(new Request.Ack(early.nextId(), List.of(1L))).code())
                .isEqualTo(org.parley.protocol.ErrorCode.NOT_LOGGED_IN);
    }

    /** Registers both, logs the recipient out, stores {@code count} messages for it; the sender stays on. */
    private TestConnection awayWithBacklog(String away, String from, int count, int chars) throws IOException {
        return awayWithBacklog(away, from, count, chars, 'x');
    }

    private TestConnection awayWithBacklog(String away, String from, int count, int chars, char fill)
            throws IOException {
        TestConnection recipient = server.register(away);
        recipient.request(new Request.Logout(recipient.nextId()), Response.Bye.class);
        recipient.awaitClosed();
        awaitOffline(away);
        TestConnection sender = server.register(from);
        List<Long> ids = new ArrayList<>();
        for (String text : texts(count, chars, fill)) {
            Request.SendMessage m = new Request.SendMessage(sender.nextId(), away, text);
            sender.send(m); // pipelined: the writer commits them in groups
            ids.add(m.id());
        }
        for (long id : ids) {
            assertThat(sender.awaitResponse(id)).isInstanceOfSatisfying(Response.MessageSent.class,
                    sent -> assertThat(sent.stored()).isTrue());
        }
        return sender;
    }

    private static List<String> texts(int count, int chars) {
        return texts(count, chars, 'x');
    }

    private static List<String> texts(int count, int chars, char fill) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String head = "m" + i + " ";
            texts.add(head + String.valueOf(fill).repeat(Math.max(0, chars - head.length())));
        }
        return texts;
    }

    private static List<Event.MessageReceived> receive(TestConnection c, int count) {
        List<Event.MessageReceived> got = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            got.add(c.awaitEvent(Event.MessageReceived.class));
        }
        return got;
    }

    /** A fresh login finds nothing stored: everything was acknowledged and marked. */
    private void assertNothingPendingFor(String user) throws IOException {
        awaitOffline(user);
        TestConnection check = server.connect();
        assertThat(check.login(user, user + "pw")).isInstanceOf(Response.LoggedIn.class);
        check.sync();
        assertThat(check.keptOf(Event.MessageReceived.class)).isEmpty();
        check.request(new Request.Logout(check.nextId()), Response.Bye.class);
        awaitOffline(user);
    }

    private void awaitOffline(String user) {
        await().atMost(TestConnection.WAIT).until(() -> {
            TestConnection probe = server.register("p" + Long.toHexString(System.nanoTime()).substring(4));
            try {
                Response r = probe.request(new Request.WhoElse(probe.nextId()));
                return r instanceof Response.UserList list && !list.users().contains(user);
            } finally {
                probe.close();
            }
        });
    }
}
