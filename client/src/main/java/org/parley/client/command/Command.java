package org.parley.client.command;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.parley.protocol.HistoryKind;

/**
 * One command a user typed, already checked locally (SPEC 3). Both vocabularies map to the same record:
 * {@code BCM} and {@code broadcast} both give {@link Broadcast}. {@link #word()} is the canonical
 * command word, used in messages about the command.
 */
public sealed interface Command {

    String word();

    record Message(String to, String text) implements Command {
        public String word() { return "message"; }
    }

    record Broadcast(String text) implements Command {
        public String word() { return "broadcast"; }
    }

    record WhoElse() implements Command {
        public String word() { return "whoelse"; }
    }

    record WhoElseSince(long seconds) implements Command {
        public String word() { return "whoelsesince"; }
    }

    record ActiveUsers() implements Command {
        public String word() { return "ATU"; }
    }

    record Block(String user) implements Command {
        public String word() { return "block"; }
    }

    record Unblock(String user) implements Command {
        public String word() { return "unblock"; }
    }

    record BuildRoom(List<String> users) implements Command {
        public BuildRoom {
            users = List.copyOf(users);
        }

        public String word() { return "SRB"; }
    }

    record RoomMessage(long roomId, String text) implements Command {
        public String word() { return "SRM"; }
    }

    /** {@code since} is what the user typed, read in the server's zone. */
    record ReadHistory(HistoryKind kind, Instant since) implements Command {
        public String word() { return "RDM"; }
    }

    record StartPrivate(String user) implements Command {
        public String word() { return "startprivate"; }
    }

    record PrivateMessage(String user, String text) implements Command {
        public String word() { return "private"; }
    }

    record StopPrivate(String user) implements Command {
        public String word() { return "stopprivate"; }
    }

    /** {@code UDP} / {@code UPD}: the file is a path relative to the working directory, or absolute. */
    record Upload(String user, Path file) implements Command {
        public String word() { return "UDP"; }
    }

    /**
     * The answer to a private-chat request: {@code y}/{@code n} (user empty: whoever asked last) or
     * {@code accept <user>}/{@code decline <user>}.
     */
    record AnswerPrivate(Optional<String> user, boolean accept) implements Command {
        public String word() { return accept ? "accept" : "decline"; }
    }

    record Logout() implements Command {
        public String word() { return "logout"; }
    }

    /** {@code help}, or {@code help <command>} when {@code topic} is present. */
    record Help(Optional<CommandSpec> topic) implements Command {
        public Help() {
            this(Optional.empty());
        }

        public String word() { return "help"; }
    }
}
