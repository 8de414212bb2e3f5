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
    void historyCursorsAreNeverNegativeAndBroadcastCursorsHaveNoRoom() {
        assertThat(RequestValidator.check(new Request.ReadHistory(1, HistoryKind.BROADCAST, 0))).isEmpty();
        assertThat(RequestValidator.check(new Request.ReadHistory(1, HistoryKind.BROADCAST, 0, new HistoryCursor(0, 9))))
                .isEmpty();
        assertThat(RequestValidator.check(new Request.ReadHistory(1, HistoryKind.ROOMS, 0, new HistoryCursor(3, 9))))
                .isEmpty();
        for (Request.ReadHistory bad : List.of(
                new Request.ReadHistory(1, HistoryKind.BROADCAST, 0, new HistoryCursor(3, 9)),
                new Request.ReadHistory(1, HistoryKind.ROOMS, 0, new HistoryCursor(-1, 9)),
                new Request.ReadHistory(1, HistoryKind.BROADCAST, 0, new HistoryCursor(0, -9)))) {
            assertThat(RequestValidator.check(bad)).as(bad.toString()).get()
                    .extracting(Violation::code).isEqualTo(ErrorCode.BAD_FRAME);
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
    void bidiControlsAreRefusedInTextsAndFileNames() {
        for (char c : "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069".toCharArray()) {
            assertThat(Validation.textProblem("abc" + c + "def")).as("U+%04X", (int) c)
                    .contains("Error. Message contains bidirectional override characters");
            assertThat(Validation.isSafeFileName("x" + c + "gnp.exe")).as("U+%04X", (int) c).isFalse();
            assertThat(Validation.isValidUsername("yo" + c + "da")).as("U+%04X", (int) c).isFalse();
        }
        // ordinary right-to-left text and the implicit direction marks are fine
        assertThat(Validation.textProblem("\u05e9\u05dc\u05d5\u05dd \u200f! \u200e \u061c")).isEmpty();
        assertThat(Validation.isSafeFileName("\u05e9\u05dc\u05d5\u05dd.txt")).isTrue();
        // the neighbours of the two ranges are not controls
        assertThat(Validation.textProblem("\u2029")).isPresent(); // a paragraph separator is a control already
        assertThat(Validation.textProblem("a\u202Fb\u2065c\u206Ad")).isEmpty();
    }

    @Test
    void loneSurrogatesAreRefusedPairsAreFine() {
        assertThat(Validation.hasLoneSurrogate("\ud83d\ude00")).isFalse();
        for (String bad : List.of("\ud800", "a\udc00", "\ud800\ud800", "\ude00\ud83d", "x\ud83d")) {
            assertThat(Validation.hasLoneSurrogate(bad)).as(bad).isTrue();
            assertThat(Validation.textProblem(bad)).as(bad).contains("Error. Message contains an invalid character");
            assertThat(Validation.isSafeFileName(bad)).as(bad).isFalse();
        }
        assertThat(Validation.textProblem("smile \ud83d\ude00")).isEmpty();
    }

    @Test
    void validatorRefusesBidiControlsAndLoneSurrogatesEverywhereItChecksText() {
        for (String bad : List.of("hi \u202Eyou", "hi \ud800")) {
            assertThat(RequestValidator.check(new Request.SendBroadcast(1, bad))).get()
                    .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(RequestValidator.check(new Request.SendMessage(1, "bob", bad))).get()
                    .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(RequestValidator.check(new Request.SendRoomMessage(1, 2, bad))).get()
                    .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(RequestValidator.check(new Request.AuthorizeUpload(1, "bob", "f" + bad, 1, "0".repeat(64))))
                    .get().extracting(Violation::message).isEqualTo("Error. Invalid file name");
        }
        assertThat(RequestValidator.check(new Request.Block(1, "bo\u202Eb"))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_USER);
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

    /** SHA256: and the unpadded base64 of 32 bytes: 43 characters, the last of which encodes 4 bits. */
    private static final String FINGERPRINT = "SHA256:" + "A".repeat(42) + "Q";

    @Test
    void fingerprintsAreCanonicalSha256InBase64() {
        assertThat(Validation.isFingerprint(FINGERPRINT)).isTrue();
        assertThat(Validation.isFingerprint("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")).isTrue();
        for (String bad : new String[] {null, "", "SHA256:", "sha256:" + "A".repeat(43), "SHA256:" + "A".repeat(42),
                "SHA256:" + "A".repeat(44), "SHA256:" + "A".repeat(42) + "=", "SHA256:" + "A".repeat(42) + "B",
                "SHA256:" + "A".repeat(41) + "-_", " " + FINGERPRINT, FINGERPRINT + "\n", "MD5:" + "A".repeat(43),
                "e3:b0:c4:42:98:fc:1c:14:9a:fb:f4:c8:99:6f:b9:24:27:ae:41:e4:64:9b:93:4c:a4:95:99:1b:78:52:b8:55"}) {
            assertThat(Validation.isFingerprint(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void privateChatRequestsCarryTheSendersLinkFingerprint() {
        assertThat(RequestValidator.check(new Request.StartPrivate(1, "bob", FINGERPRINT))).isEmpty();
        assertThat(RequestValidator.check(new Request.AnswerPrivate(1, "bob", true, FINGERPRINT))).isEmpty();
        assertThat(RequestValidator.check(Request.AnswerPrivate.decline(1, "bob"))).isEmpty();
        assertThat(RequestValidator.check(new Request.AnswerPrivate(1, "bob", false, FINGERPRINT))).isEmpty();

        assertThat(RequestValidator.check(new Request.StartPrivate(1, "bob", null))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(RequestValidator.check(new Request.AnswerPrivate(1, "bob", true, null))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.BAD_FRAME);
        Violation malformed = RequestValidator.check(new Request.StartPrivate(1, "bob", "SHA256:nope")).orElseThrow();
        assertThat(malformed).isEqualTo(new Violation(ErrorCode.INVALID_ARGUMENT,
                "Error. A link fingerprint is SHA256: followed by 43 base64 characters"));
        assertThat(RequestValidator.check(new Request.AnswerPrivate(1, "bob", true, FINGERPRINT + "A"))).contains(malformed);
        assertThat(RequestValidator.check(new Request.AnswerPrivate(1, "bob", false, "junk"))).contains(malformed);
        assertThat(RequestValidator.check(new Request.StartPrivate(1, "two words", FINGERPRINT))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_USER);
        assertThat(RequestValidator.check(new Request.ReportLinkRefused(1, "bob", LinkRefusal.WRONG_KEY))).isEmpty();
        assertThat(RequestValidator.check(new Request.ReportLinkRefused(1, "bob", null))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(RequestValidator.check(new Request.ReportLinkRefused(1, "", LinkRefusal.KEY_REFUSED))).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.INVALID_USER);
    }

    @Test
    void aTransferKeyIsTheOneCanonicalUnpaddedUrlSafeBase64SpellingOf32Bytes() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < 200; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            String text = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key);
            assertThat(Validation.isTransferKey(text)).as(text).isTrue();
        }
        String good = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
        assertThat(Validation.isTransferKey(good)).isTrue();
        assertThat(Validation.isTransferKey(null)).isFalse();
        assertThat(Validation.isTransferKey("")).isFalse();
        assertThat(Validation.isTransferKey(good.substring(1))).as("42 characters").isFalse();
        assertThat(Validation.isTransferKey(good + "A")).as("44 characters").isFalse();
        assertThat(Validation.isTransferKey(good + "=")).as("padded").isFalse();
        assertThat(Validation.isTransferKey(good.substring(0, 42) + "9")).as("unused bits set").isFalse();
        assertThat(Validation.isTransferKey("+" + good.substring(1))).as("standard alphabet").isFalse();
        assertThat(Validation.isTransferKey("/" + good.substring(1))).as("standard alphabet").isFalse();
        assertThat(Validation.isTransferKey(" " + good.substring(1))).as("space").isFalse();
        assertThat(Validation.isTransferKey("\u00e9" + good.substring(1))).as("non-ASCII").isFalse();
    }
}
