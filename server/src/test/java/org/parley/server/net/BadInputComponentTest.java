package org.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.Limits;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.core.TestConnection;
import org.parley.server.core.TestServer;

/**
 * SPEC 8: malformed, unknown, oversized and misdirected frames get a clear error on their own
 * connection, and two bystanders can still broadcast to each other afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputComponentTest {

    private TestServer server;
    private TestConnection speaker;
    private TestConnection listener;
    private int users;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir);
    }

    @BeforeEach
    void bystanders() throws IOException {
        users++;
        speaker = server.register("speak" + users);
        listener = server.register("listen" + users);
    }

    @AfterEach
    void bystandersStillTalk() throws IOException {
        Response.BroadcastSent sent = speaker.request(new Request.SendBroadcast(speaker.nextId(), "still here"),
                Response.BroadcastSent.class);
        assertThat(listener.awaitEvent(Event.BroadcastReceived.class).number()).isEqualTo(sent.number());
        server.disconnectAll();
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void malformedJsonIsABadFrameAndTheConnectionGoesOn() throws Exception {
        TestConnection bad = server.register("badjson");
        bad.sendRaw("{not json");
        Response.Error e = (Response.Error) bad.awaitResponse(0);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        bad.sendRaw("[1, 2, 3]");
        // not an object, so it has no type either: either code is a clear answer
        assertThat(((Response.Error) bad.awaitResponse(0)).code()).isIn(ErrorCode.BAD_FRAME, ErrorCode.UNKNOWN_TYPE);
        bad.sendRaw("{\"type\":\"message\",\"id\":5,\"to\":\"x\"} trailing");
        assertThat(((Response.Error) bad.awaitResponse(0)).code()).isEqualTo(ErrorCode.BAD_FRAME);
        bad.request(new Request.WhoElse(bad.nextId()), Response.UserList.class);
    }

    @Test
    void malformedJsonBeforeHelloIsAnsweredToo() throws Exception {
        TestConnection bad = server.connect();
        bad.sendRaw("\u0000\u0001garbage");
        assertThat(((Response.Error) bad.awaitResponse(0)).code()).isEqualTo(ErrorCode.BAD_FRAME);
        bad.hello();
    }

    @Test
    void anUnknownTypeIsNamed() throws Exception {
        TestConnection bad = server.register("badtype");
        bad.sendRaw("{\"type\":\"launch-missiles\",\"id\":7}");
        Response.Error e = (Response.Error) bad.awaitResponse(0);
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        bad.sendRaw("{\"id\":8}");
        assertThat(((Response.Error) bad.awaitResponse(0)).code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        bad.sync();
    }

    @Test
    void aClientSendingResponsesOrEventsIsTold() throws Exception {
        TestConnection bad = server.register("badkind");
        bad.sendRaw("{\"type\":\"ok\",\"id\":3}");
        Response.Error e = (Response.Error) bad.awaitResponse(0);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.message()).isEqualTo("Error. Clients send requests only");
        bad.sendRaw("{\"type\":\"user-logged-in\",\"user\":\"mallory\"}");
        assertThat(((Response.Error) bad.awaitResponse(0)).code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(listener.keptOf(Event.UserLoggedIn.class)).extracting(Event.UserLoggedIn::user).doesNotContain("mallory");
        bad.sync();
    }

    @Test
    void aRequestWithoutAPositiveIdIsMalformed() throws Exception {
        TestConnection bad = server.register("badid");
        bad.sendRaw("{\"type\":\"whoelse\",\"id\":0}");
        assertThat(((Response.Error) bad.awaitResponse(0)).code()).isEqualTo(ErrorCode.BAD_FRAME);
        bad.sync();
    }

    @Test
    void anOversizedLineIsRefusedAndTheConnectionClosed() throws Exception {
        TestConnection bad = server.register("badsize");
        byte[] line = new byte[Limits.MAX_FRAME_BYTES + 100];
        Arrays.fill(line, (byte) 'a');
        line[line.length - 1] = '\n';
        try {
            bad.sendBytes(line);
        } catch (IOException closedWhileWriting) {
            // the server may close before it has read everything; the answer is what matters
        }
        Response.Error e = (Response.Error) bad.awaitResponse(0);
        assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LONG);
        bad.awaitClosed();
        assertThat(listener.awaitEvent(Event.UserLoggedOut.class)).isEqualTo(new Event.UserLoggedOut("badsize"));
    }

    @Test
    void blankLinesAreKeepAlivesNotErrors() throws Exception {
        TestConnection c = server.register("blank");
        c.sendBytes("\n\r\n".getBytes(StandardCharsets.US_ASCII));
        c.sync();
        assertThat(c.keptOf(Response.Error.class)).isEmpty();
    }

    @Test
    void fieldsOfTheWrongTypeAreBadFramesNotCoercedAndTheConnectionGoesOn() throws Exception {
        TestConnection bad = server.register("badtypes");
        for (String line : new String[] {
                "{\"type\":\"broadcast\",\"id\":\"7\",\"text\":\"coerced id\"}",
                "{\"type\":\"broadcast\",\"id\":7.5,\"text\":\"float id\"}",
                "{\"type\":\"broadcast\",\"id\":8,\"text\":12}",
                "{\"type\":\"message\",\"id\":9,\"to\":\"listen" + users + "\",\"text\":true}",
                "{\"type\":\"broadcast\",\"id\":10,\"text\":\"lone \\ud800\"}"}) {
            bad.sendRaw(line);
            Response.Error e = (Response.Error) bad.awaitResponse(0);
            assertThat(e.code()).as(line).isEqualTo(ErrorCode.BAD_FRAME);
            assertThat(e.message()).as(line).startsWith("Error. Malformed frame: ");
        }
        // still logged in and served; nothing above reached the listener (checked after each test)
        bad.request(new Request.WhoElse(bad.nextId()), Response.UserList.class);
        assertThat(bad.isClosedByServer()).isFalse();
    }

    @Test
    void bidiControlsInTextsAndFileNamesAreRefused() throws Exception {
        TestConnection bad = server.register("badbidi");
        Response.Error text = bad.requestError(new Request.SendBroadcast(bad.nextId(), "evil \u202Etxet"));
        assertThat(text.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(text.message()).isEqualTo("Error. Message contains bidirectional override characters");
        Response.Error direct = bad.requestError(new Request.SendMessage(bad.nextId(), "listen" + users, "x\u2066y"));
        assertThat(direct.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        Response.Error file = bad.requestError(new Request.AuthorizeUpload(bad.nextId(), "listen" + users,
                "photo\u202Egnp.exe", 10, "0".repeat(64)));
        assertThat(file.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(file.message()).isEqualTo("Error. Invalid file name");
        bad.sync();
    }
}
