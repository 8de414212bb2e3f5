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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void assertBadFrame(String json) {
        assertThatThrownBy(() -> codec.decode(utf8(json)))
                .as(json)
                .isInstanceOfSatisfying(FrameDecodingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME));
    }

    @Test
    void fieldsOfTheWrongJsonTypeAreBadFramesNotCoerced() {
        for (String json : List.of(
                "{\"type\":\"whoelse\",\"id\":\"7\"}",
                "{\"type\":\"whoelse\",\"id\":7.5}",
                "{\"type\":\"whoelse\",\"id\":7.0}",
                "{\"type\":\"whoelse\",\"id\":7e0}",
                "{\"type\":\"whoelse\",\"id\":\"\"}",
                "{\"type\":\"whoelse\",\"id\":true}",
                "{\"type\":\"whoelse\",\"id\":[7]}",
                "{\"type\":\"broadcast\",\"id\":1,\"text\":12}",
                "{\"type\":\"broadcast\",\"id\":1,\"text\":1.5}",
                "{\"type\":\"broadcast\",\"id\":1,\"text\":true}",
                "{\"type\":\"broadcast\",\"id\":1,\"text\":[\"hi\"]}",
                "{\"type\":\"broadcast\",\"id\":1,\"text\":{}}",
                "{\"type\":\"private-answer\",\"id\":1,\"user\":\"bob\",\"accept\":1}",
                "{\"type\":\"private-answer\",\"id\":1,\"user\":\"bob\",\"accept\":\"true\"}",
                "{\"type\":\"private-start\",\"id\":1,\"user\":\"bob\",\"fingerprint\":7}",
                "{\"type\":\"private-refused\",\"id\":1,\"user\":\"bob\",\"reason\":\"BORED\"}",
                "{\"type\":\"private-refused\",\"id\":1,\"user\":\"bob\",\"reason\":1}",
                "{\"type\":\"private-answer\",\"id\":1,\"user\":\"bob\",\"accept\":true,\"fingerprint\":[\"SHA256:x\"]}",
                "{\"type\":\"history\",\"id\":1,\"kind\":0,\"since\":0}",
                "{\"type\":\"history\",\"id\":1,\"kind\":\"BROADCAST\",\"since\":\"0\"}",
                "{\"type\":\"room-build\",\"id\":1,\"users\":\"bob\"}",
                "{\"type\":\"room-build\",\"id\":1,\"users\":[1]}",
                "{\"type\":\"login-password\",\"id\":1,\"password\":\"pw\",\"udpPort\":\"6666\",\"privatePort\":0}",
                "{\"type\":\"hello\",\"id\":1,\"version\":1.0,\"agent\":\"x\"}")) {
            assertBadFrame(json);
        }
    }

    @Test
    void fieldsOfTheRightTypeDecodeExactly() throws Exception {
        assertThat(codec.decode(utf8("{\"type\":\"message\",\"id\":7,\"to\":\"bob\",\"text\":\"12\"}")))
                .isEqualTo(new Request.SendMessage(7, "bob", "12"));
        assertThat(codec.decode(utf8("{\"type\":\"private-answer\",\"id\":2,\"user\":\"bob\",\"accept\":false}")))
                .isEqualTo(Request.AnswerPrivate.decline(2, "bob"));
        assertThat(codec.decode(utf8("{\"type\":\"private-refused\",\"id\":5,\"user\":\"bob\",\"reason\":\"WRONG_KEY\"}")))
                .isEqualTo(new Request.ReportLinkRefused(5, "bob", LinkRefusal.WRONG_KEY));
        assertThat(codec.decode(utf8("{\"type\":\"private-expect\",\"user\":\"bob\",\"token\":\"t\",\"fingerprint\":\"f\"}")))
                .isEqualTo(new Event.PrivateExpect("bob", "t", "f"));
        assertThat(codec.decode(utf8("{\"type\":\"history\",\"id\":3,\"kind\":\"ROOMS\",\"since\":-5}")))
                .isEqualTo(new Request.ReadHistory(3, HistoryKind.ROOMS, -5));
        assertThat(codec.decode(utf8("{\"type\":\"broadcast\",\"id\":4,\"text\":\"\\ud83d\\ude00 ok\"}")))
                .isEqualTo(new Request.SendBroadcast(4, "\ud83d\ude00 ok"));
    }

    @Test
    void encodingIsByteExact() {
        assertThat(new String(codec.encode(new Request.SendMessage(7, "bob", "h\u00e9 \"x\"")), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"message\",\"id\":7,\"to\":\"bob\",\"text\":\"h\u00e9 \\\"x\\\"\"}");
        assertThat(codec.encode(new Request.SendBroadcast(1, "\u00e9")))
                .containsExactly(utf8("{\"type\":\"broadcast\",\"id\":1,\"text\":\"\u00e9\"}"));
    }

    @Test
    void loneSurrogatesAreBadFramesWherever() {
        for (String json : List.of(
                "{\"type\":\"broadcast\",\"id\":1,\"text\":\"\\ud800\"}",
                "{\"type\":\"broadcast\",\"id\":1,\"text\":\"a\\udc00b\"}",
                "{\"type\":\"broadcast\",\"id\":1,\"text\":\"\\ud800\\ud800\"}",
                "{\"type\":\"message\",\"id\":1,\"to\":\"\\udfff\",\"text\":\"hi\"}",
                "{\"type\":\"room-build\",\"id\":1,\"users\":[\"bob\",\"\\ud800\"]}",
                "{\"type\":\"hello\",\"id\":1,\"version\":1,\"agent\":\"\\udbff\"}")) {
            assertBadFrame(json);
        }
        FrameCodec<LinkFrame> link = FrameCodec.linkFrames();
        assertThatThrownBy(() -> link.decode(utf8("{\"type\":\"link-message\",\"text\":\"\\ud800\"}")))
                .isInstanceOf(FrameDecodingException.class);
    }

    @Test
    void theErrorMessageCanItselfBeSentBack() throws Exception {
        try {
            codec.decode(utf8("{\"type\":\"whoelse\",\"id\":\"\\ud800\\u0007\"}"));
            throw new AssertionError("decoded");
        } catch (FrameDecodingException e) {
            assertThat(Validation.hasLoneSurrogate(e.getMessage())).isFalse();
            assertThat(Validation.hasControlCharacter(e.getMessage())).isFalse();
            Response.Error answer = new Response.Error(0, e.code(), e.getMessage());
            assertThat(codec.decode(codec.encode(answer))).isEqualTo(answer);
        }
    }

    /** A request and an event of the same name would decode as whichever Jackson registered last. */
    @Test
    void everyFrameTypeHasItsOwnName() {
        List<String> names = new java.util.ArrayList<>();
        for (Class<?> family : List.of(Request.class, Response.class, Event.class)) {
            for (Class<?> type : family.getPermittedSubclasses()) {
                names.add(type.getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class).value());
            }
        }
        assertThat(names).doesNotHaveDuplicates().contains("private-refused", "private-link-refused");
    }
}
