package org.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private final FrameCodec<Frame> codec = FrameCodec.frames();

    private Frame roundTrip(Frame frame) throws FrameDecodingException {
        return codec.decode(codec.encode(frame));
    }

    @Test
    void everyKindOfFrameSurvivesARoundTrip() throws Exception {
        List<Frame> frames = List.of(
                new Request.Hello(1, 1, "test"),
                new Request.LoginPassword(2, "pw", 5000, 6000),
                new Request.BuildRoom(3, List.of("a", "b")),
                new Request.ReadHistory(4, HistoryKind.ROOMS, 123L),
                new Response.LoginPrompt(2, Response.LoginPrompt.Prompt.NEW_PASSWORD),
                new Response.ActiveUserList(5, List.of(new ActiveUser("yoda", "127.0.0.1", 6666, 99L))),
                new Response.History(6, HistoryKind.BROADCAST, List.of(new HistoryItem(0, 1, "yoda", "hi", 7L))),
                new Response.Error(7, ErrorCode.INVALID_USER, "Error. Invalid user"),
                new Event.SessionEnded(Event.SessionEnded.Reason.TIMEOUT, "Timeout."),
                new Event.MessageReceived(42, "a", "hé ✓", 1L, true),
                new Request.Ack(8, List.of(41L, 42L)));
        for (Frame f : frames) {
            assertThat(roundTrip(f)).isEqualTo(f);
        }
    }

    @Test
    void typeNameIsOnTheWire() {
        String json = new String(codec.encode(new Request.WhoElse(9)), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"type\":\"whoelse\",\"id\":9}");
    }

    @Test
    void aReceivedMessageLeadsWithItsIdAndAnAckListsIds() {
        // the load generator's lean users find the id by a fixed prefix: the order is part of the format
        assertThat(new String(codec.encode(new Event.MessageReceived(7, "a", "b", 1L, false)), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"message-received\",\"messageId\":7,\"from\":\"a\",\"text\":\"b\",\"at\":1,\"offline\":false}");
        assertThat(new String(codec.encode(new Request.Ack(3, List.of(7L, 9L))), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"ack\",\"id\":3,\"messageIds\":[7,9]}");
    }

    @Test
    void unknownTypeIsReportedAsSuch() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"launch-missiles\",\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FrameDecodingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
                    assertThat(e.getMessage()).contains("launch-missiles");
                });
    }

    @Test
    void malformedJsonIsABadFrame() {
        for (String bad : List.of("{", "not json", "{\"type\":\"whoelse\",\"id\":\"x\"}", "{\"id\":1}", "[]",
                "{\"type\":\"whoelse\",\"id\":1} trailing")) {
            assertThatThrownBy(() -> codec.decode(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(FrameDecodingException.class);
        }
    }

    @Test
    void missingPrimitiveIsRefusedNotDefaulted() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"whoelsesince\",\"id\":1,\"seconds\":null}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FrameDecodingException.class);
    }

    @Test
    void passwordNeverAppearsInToString() {
        assertThat(new Request.LoginPassword(1, "s3cret", 0, 0).toString()).doesNotContain("s3cret");
    }

    @Test
    void linkFramesHaveTheirOwnCodec() throws Exception {
        FrameCodec<LinkFrame> link = FrameCodec.linkFrames();
        LinkFrame hello = new LinkFrame.Hello("yoda", "tok");
        assertThat(link.decode(link.encode(hello))).isEqualTo(hello);
        assertThatThrownBy(() -> link.decode("{\"type\":\"whoelse\",\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FrameDecodingException.class);
    }
}
