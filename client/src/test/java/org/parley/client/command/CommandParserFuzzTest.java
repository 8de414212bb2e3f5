package org.parley.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Optional;
import org.parley.protocol.Limits;
import org.parley.protocol.Request;
import org.parley.protocol.RequestValidator;
import org.parley.protocol.Validation;
import org.parley.protocol.Violation;

/**
 * Fuzzes {@link CommandParser} on typed lines. The client's promise is that it answers locally what
 * the server would refuse, so every command it lets through must make a request the server's
 * {@link RequestValidator} accepts. Seeds: {@code CommandParserFuzzTestInputs/parse}; docs/FUZZING.md.
 */
class CommandParserFuzzTest {

    private final CommandParser parser = new CommandParser(ZoneId.of("Australia/Sydney"));

    /**
     * Properties: never throws; a refusal has a message to show; a parsed command's request passes the
     * server's validation (texts, users, room ids, file names) and its history time fits epoch
     * milliseconds.
     */
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        ParseResult result = parser.parse(line);
        if (result instanceof ParseResult.Rejected rejected) {
            assertThat(rejected.message()).isNotBlank();
            return;
        }
        Command command = ((ParseResult.Parsed) result).command();
        Request request = asRequest(command);
        if (request != null) {
            Optional<Violation> violation = RequestValidator.check(request);
            assertThat(violation).as("'%s' parsed as %s but the server refuses it", line, command).isEmpty();
        }
        if (command instanceof Command.BuildRoom c) {
            assertThat(c.users()).hasSizeLessThanOrEqualTo(Limits.MAX_ROOM_USERS);
            assertThat(new HashSet<>(c.users())).hasSameSizeAs(c.users());
        } else if (command instanceof Command.PrivateMessage c) {
            assertThat(Validation.isValidUsername(c.user())).isTrue();
            assertThat(Validation.textProblem(c.text())).isEmpty();
        } else if (command instanceof Command.StopPrivate c) {
            assertThat(Validation.isValidUsername(c.user())).isTrue();
        } else if (command instanceof Command.AnswerPrivate c) {
            c.user().ifPresent(u -> assertThat(Validation.isValidUsername(u)).isTrue());
        }
    }

    /** The request the client sends for a command (as CommandRunner builds it); null for local ones. */
    private static Request asRequest(Command command) {
        long id = 1;
        if (command instanceof Command.Message c) {
            return new Request.SendMessage(id, c.to(), c.text());
        } else if (command instanceof Command.Broadcast c) {
            return new Request.SendBroadcast(id, c.text());
        } else if (command instanceof Command.WhoElseSince c) {
            return new Request.WhoElseSince(id, c.seconds());
        } else if (command instanceof Command.Block c) {
            return new Request.Block(id, c.user());
        } else if (command instanceof Command.Unblock c) {
            return new Request.Unblock(id, c.user());
        } else if (command instanceof Command.BuildRoom c) {
            return new Request.BuildRoom(id, c.users());
        } else if (command instanceof Command.RoomMessage c) {
            return new Request.SendRoomMessage(id, c.roomId(), c.text());
        } else if (command instanceof Command.ReadHistory c) {
            return new Request.ReadHistory(id, c.kind(), c.since().toEpochMilli()); // overflow would throw here
        } else if (command instanceof Command.StartPrivate c) {
            // the shell adds this client's link fingerprint, which is always well-formed
            return new Request.StartPrivate(id, c.user(), "SHA256:" + "A".repeat(42) + "Q");
        } else if (command instanceof Command.Upload c) {
            return new Request.AuthorizeUpload(id, c.user(), c.file().getFileName().toString(), 0, "0".repeat(64));
        }
        return null;
    }
}
