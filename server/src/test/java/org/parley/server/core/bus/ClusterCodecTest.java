package org.parley.server.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.protocol.Limits;

class ClusterCodecTest {

    private static final String LONGEST_NAME = "u".repeat(Limits.MAX_USERNAME_CHARS);

    static Stream<ClusterEvent> everyKind() {
        return Stream.of(
                new ClusterEvent.UserOnline("node-a", "alice", 1_700_000_000_123L, "192.0.2.7", 40001, 0),
                new ClusterEvent.UserOffline("node-b", "bob", 1_700_000_000_456L),
                new ClusterEvent.AccountAdded("node-a", "carol", "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA"),
                new ClusterEvent.BlockChanged("node-c", "bob", "alice", true),
                new ClusterEvent.BlockChanged("node-c", "bob", "alice", false),
                new ClusterEvent.DirectCommitted("n", 42, "alice", "bob", "hello ünïcødé 🙂", 5),
                new ClusterEvent.DirectCommitted("n", 43, "alice", "bob", null, 6),
                new ClusterEvent.BroadcastCommitted("n", 7, "alice", "", 8),
                new ClusterEvent.BroadcastCommitted("n", 8, "alice", null, 9),
                new ClusterEvent.RoomCreated("n", 3, List.of("alice", "bob", "carol"), "alice", 10),
                new ClusterEvent.RoomMessageCommitted("n", 3, 12, "bob", "in the room", 11),
                new ClusterEvent.PrivateAsked("n", "alice", "bob", "SHA256:" + "A".repeat(42) + "Q"),
                new ClusterEvent.ToUser("n", "bob", "{\"type\":\"private-declined\",\"user\":\"alice\"}"));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyEventRoundTripsToEqualRecordsAndTheSameBytes(ClusterEvent event) {
        byte[] bytes = ClusterCodec.encode(event);
        ClusterEvent decoded = ClusterCodec.decode(bytes);
        assertThat(decoded).isEqualTo(event);
        assertThat(ClusterCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void theLongestTextIsLeftOutSoTheEventFitsTheSmallestPayload() {
        // 4,000 four-byte characters: 16,000 bytes of UTF-8, far over the 5,900 of the smallest engine
        String longest = "🙂".repeat(Limits.MAX_TEXT_CHARS / 2);
        var event = new ClusterEvent.BroadcastCommitted("node-a", 99, LONGEST_NAME, longest, 1);
        byte[] fitted = ClusterCodec.encodeToFit(event, 5_900);
        assertThat(fitted.length).isLessThanOrEqualTo(5_900);
        assertThat(ClusterCodec.decode(fitted)).isEqualTo(event.withoutText());
    }

    @Test
    void aTextThatFitsIsKept() {
        var event = new ClusterEvent.RoomMessageCommitted("node-a", 1, 2, "bob", "x".repeat(5_000), 3);
        assertThat(ClusterCodec.decode(ClusterCodec.encodeToFit(event, 5_900))).isEqualTo(event);
    }

    @Test
    void theBiggestRoomFits() {
        List<String> members = java.util.Collections.nCopies(Limits.MAX_ROOM_USERS, LONGEST_NAME);
        var event = new ClusterEvent.RoomCreated("node-with-a-long-name", Long.MAX_VALUE, members, LONGEST_NAME, 1);
        assertThat(ClusterCodec.encodeToFit(event, 5_900).length).isLessThanOrEqualTo(5_900);
    }

    @Test
    void anotherVersionATruncationAndTrailingBytesAreRefused() {
        byte[] bytes = ClusterCodec.encode(new ClusterEvent.UserOffline("n", "bob", 1));
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> ClusterCodec.decode(otherVersion)).hasMessageContaining("version 2");
        assertThatThrownBy(() -> ClusterCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .hasMessageContaining("after a whole event");
        assertThatThrownBy(() -> ClusterCodec.decode(new byte[] {ClusterCodec.VERSION, 99}))
                .hasMessageContaining("unknown cluster event tag 99");
    }
}
