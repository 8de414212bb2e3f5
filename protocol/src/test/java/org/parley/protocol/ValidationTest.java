package org.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void usernamesArePrintableWords() {
        assertThat(Validation.isValidUsername("yoda")).isTrue();
        assertThat(Validation.isValidUsername("Hans_Solo-1!")).isTrue();
        for (String bad : new String[] {null, "", "two words", "tab\there", "x".repeat(33), "ünï"}) {
            assertThat(Validation.isValidUsername(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void textsMustBeNonEmptyBoundedAndFreeOfControlCharacters() {
        assertThat(Validation.textProblem("hello there ✓")).isEmpty();
        assertThat(Validation.textProblem("   ")).contains("Error. Message is empty");
        assertThat(Validation.textProblem("a\u0007b")).contains("Error. Message contains control characters");
        assertThat(Validation.textProblem("x".repeat(Limits.MAX_TEXT_CHARS + 1))).get().asString().contains("too long");
    }

    @Test
    void fileNamesMustBePlainBaseNames() {
        assertThat(Validation.isSafeFileName("lecture.mp4")).isTrue();
        for (String bad : List.of("", ".", "..", "../etc/passwd", "a/b", "a\\b", "C:x", "x\ny", "a..b")) {
            assertThat(Validation.isSafeFileName(bad)).as(bad).isFalse();
        }
    }

    @Test
    void validatorCatchesBadFieldsInOnePlace() {
        assertThat(RequestValidator.check(new Request.SendMessage(1, "bob", "hi"))).isEmpty();
        assertThat(RequestValidator.check(new Request.SendMessage(0, "bob", "hi"))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(RequestValidator.check(new Request.SendMessage(1, "b ob", "hi"))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_USER);
        assertThat(RequestValidator.check(new Request.SendBroadcast(1, "a\u0000"))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(RequestValidator.check(new Request.AuthorizeUpload(1, "bob", "../x", 1, "0".repeat(64)))).isPresent();
        assertThat(RequestValidator.check(new Request.SendRoomMessage(1, -3, "hi"))).isPresent();
    }

    @Test
    void anAckNamesOneToMaxPositiveIds() {
        assertThat(RequestValidator.check(new Request.Ack(1, List.of(5L, 6L)))).isEmpty();
        assertThat(RequestValidator.check(new Request.Ack(1, java.util.stream.LongStream
                .rangeClosed(1, Limits.MAX_ACK_IDS).boxed().toList()))).isEmpty();
        assertThat(RequestValidator.check(new Request.Ack(1, java.util.stream.LongStream
                .rangeClosed(1, Limits.MAX_ACK_IDS + 1).boxed().toList()))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(RequestValidator.check(new Request.Ack(1, List.of()))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(RequestValidator.check(new Request.Ack(1, null))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(RequestValidator.check(new Request.Ack(1, List.of(3L, 0L)))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.BAD_FRAME);
    }
}
