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
                new Event.MessageReceived("a", "hé ✓", 1L, true));
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
    void historyPagesCarryACursorAndSayWhetherMoreFollow() throws Exception {
        Request.ReadHistory next = new Request.ReadHistory(14, HistoryKind.ROOMS, 1654083004000L, new HistoryCursor(2, 41));
        Response.History page = new Response.History(14, HistoryKind.ROOMS,
                List.of(new HistoryItem(2, 42, "hans", "on my way", 1654083010000L)), true, new HistoryCursor(2, 42));
        assertThat(roundTrip(next)).isEqualTo(next);
        assertThat(roundTrip(page)).isEqualTo(page);
        // the examples in PROTOCOL.md, byte for byte
        assertThat(new String(codec.encode(next), StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"history\",\"id\":14,\"kind\":\"ROOMS\",\"since\":1654083004000,"
                        + "\"after\":{\"roomId\":2,\"number\":41}}");
        assertThat(new String(codec.encode(page), StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"history-result\",\"id\":14,\"kind\":\"ROOMS\",\"items\":[{\"roomId\":2,\"number\":42,"
                        + "\"from\":\"hans\",\"text\":\"on my way\",\"at\":1654083010000}],\"more\":true,"
                        + "\"next\":{\"roomId\":2,\"number\":42}}");
        assertThat(new String(codec.encode(new Request.ReadHistory(13, HistoryKind.BROADCAST, 1654083004000L)),
                StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"history\",\"id\":13,\"kind\":\"BROADCAST\",\"since\":1654083004000}");
        assertThat(new String(codec.encode(new Response.History(13, HistoryKind.BROADCAST,
                List.of(new HistoryItem(0, 7, "yoda", "do or do not", 1654083004000L)), false, new HistoryCursor(0, 7))),
                StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"history-result\",\"id\":13,\"kind\":\"BROADCAST\",\"items\":[{\"roomId\":0,\"number\":7,"
                        + "\"from\":\"yoda\",\"text\":\"do or do not\",\"at\":1654083004000}],\"more\":false,"
                        + "\"next\":{\"roomId\":0,\"number\":7}}");
    }

    @Test
    void aHistoryRequestWithoutCursorAsksForTheFirstPage() throws Exception {
        Frame old = codec.decode("{\"type\":\"history\",\"id\":13,\"kind\":\"BROADCAST\",\"since\":1654083004000}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(old).isEqualTo(new Request.ReadHistory(13, HistoryKind.BROADCAST, 1654083004000L, null));
        assertThat(((Request.ReadHistory) old).from()).isEqualTo(HistoryCursor.START);
        assertThat(new String(codec.encode(old), StandardCharsets.UTF_8)).doesNotContain("after");
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
