package org.parley.protocol;

import java.util.Optional;

/**
 * Checks the fields of a decoded request against {@link Validation} and {@link Limits}, in one place,
 * so that the server core only ever sees well-formed requests. Whether a user exists or is online is
 * the core's business, not this class's.
 */
public final class RequestValidator {

    private RequestValidator() {}

    public static Optional<Violation> check(Request request) {
        if (request.id() <= 0) {
            return bad("request id must be a positive number");
        }
        if (request instanceof Request.Hello r) {
            if (r.version() <= 0) {
                return bad("version must be positive");
            }
            if (r.heartbeat() != null && (r.heartbeat() < Limits.MIN_HEARTBEAT_SECONDS
                    || r.heartbeat() > Limits.MAX_HEARTBEAT_SECONDS)) {
                return bad("heartbeat must be " + Limits.MIN_HEARTBEAT_SECONDS + " to " + Limits.MAX_HEARTBEAT_SECONDS
                        + " seconds");
            }
            return ok();
        }
        if (request instanceof Request.LoginUser r) {
            return user(r.username());
        }
        if (request instanceof Request.LoginPassword r) {
            if (!Validation.isValidPassword(r.password())) {
                return Optional.of(new Violation(ErrorCode.INVALID_ARGUMENT,
                        "Error. A password is one word of printable characters, at most "
                                + Limits.MAX_PASSWORD_CHARS));
            }
            return port(r.udpPort()).or(() -> port(r.privatePort()));
        }
        if (request instanceof Request.SendMessage r) {
            return user(r.to()).or(() -> text(r.text()));
        }
        if (request instanceof Request.SendBroadcast r) {
            return text(r.text());
        }
        if (request instanceof Request.WhoElseSince r) {
            return r.seconds() < 0 ? invalid("Error. The number of seconds must not be negative") : ok();
        }
        if (request instanceof Request.Block r) {
            return user(r.user());
        }
        if (request instanceof Request.Unblock r) {
            return user(r.user());
        }
        if (request instanceof Request.BuildRoom r) {
            if (r.users() == null || r.users().isEmpty()) {
                return invalid("Error. A separate room needs at least one other user (Usage: SRB <user> [<user> ...])");
            }
            if (r.users().size() > Limits.MAX_ROOM_USERS) {
                return invalid("Error. A separate room has at most " + Limits.MAX_ROOM_USERS + " users");
            }
            for (String u : r.users()) {
                Optional<Violation> v = user(u);
                if (v.isPresent()) {
                    return v;
                }
            }
            return ok();
        }
        if (request instanceof Request.SendRoomMessage r) {
            return r.roomId() <= 0 ? invalid("Error. A room ID is a positive number") : text(r.text());
        }
        if (request instanceof Request.ReadHistory r) {
            if (r.kind() == null) {
                return bad("history kind is missing");
            }
            HistoryCursor after = r.from();
            if (after.roomId() < 0 || after.number() < 0) {
                return bad("a history cursor is never negative");
            }
            return r.kind() == HistoryKind.BROADCAST && after.roomId() != 0
                    ? bad("a broadcast history cursor has room 0") : ok();
        }
        if (request instanceof Request.StartPrivate r) {
            return user(r.user()).or(() -> fingerprint(r.fingerprint(), "private-start"));
        }
        if (request instanceof Request.AnswerPrivate r) {
            if (!r.accept() && r.fingerprint() == null) {
                return user(r.user());
            }
            return user(r.user()).or(() -> fingerprint(r.fingerprint(), "an accepting private-answer"));
        }
        if (request instanceof Request.PrivateReady r) {
            return user(r.user());
        }
        if (request instanceof Request.ReportLinkRefused r) {
            return r.reason() == null ? bad("private-refused needs a known reason") : user(r.user());
        }
        if (request instanceof Request.AuthorizeUpload r) {
            return user(r.user()).or(() -> fileName(r.fileName())).or(() -> upload(r));
        }
        if (request instanceof Request.Ack r) {
            return ack(r);
        }
        return ok();
    }

    private static Optional<Violation> ack(Request.Ack r) {
        if (r.messageIds() == null || r.messageIds().isEmpty()) {
            return bad("ack without message ids");
        }
        if (r.messageIds().size() > Limits.MAX_ACK_IDS) {
            return invalid("Error. An ack names at most " + Limits.MAX_ACK_IDS + " messages");
        }
        for (Long id : r.messageIds()) {
            if (id == null || id <= 0) {
                return bad("message ids are positive numbers");
            }
        }
        return ok();
    }

    private static Optional<Violation> upload(Request.AuthorizeUpload r) {
        if (r.size() < 0) {
            return invalid("Error. A file size must not be negative");
        }
        if (r.sha256() == null || !r.sha256().matches("[0-9a-f]{64}")) {
            return invalid("Error. A file digest is 64 lowercase hex digits");
        }
        return ok();
    }

    /**
     * The client's link certificate fingerprint: missing is a malformed frame (an old client, or a broken
     * one); present but not a canonical SHA-256 fingerprint is an invalid argument.
     */
    private static Optional<Violation> fingerprint(String fingerprint, String frame) {
        if (fingerprint == null) {
            return bad(frame + " needs the fingerprint of this client's private-link certificate");
        }
        return Validation.isFingerprint(fingerprint) ? ok()
                : invalid("Error. A link fingerprint is SHA256: followed by 43 base64 characters");
    }

    private static Optional<Violation> fileName(String name) {
        return Validation.isSafeFileName(name) ? ok() : invalid("Error. Invalid file name");
    }

    private static Optional<Violation> user(String name) {
        return Validation.isValidUsername(name) ? ok() : Optional.of(new Violation(ErrorCode.INVALID_USER, "Error. Invalid user"));
    }

    private static Optional<Violation> text(String text) {
        return Validation.textProblem(text).map(m -> new Violation(ErrorCode.INVALID_ARGUMENT, m));
    }

    private static Optional<Violation> port(int port) {
        return port < 0 || port > 65535 ? invalid("Error. A port is a number from 0 to 65535") : ok();
    }

    private static Optional<Violation> ok() {
        return Optional.empty();
    }

    private static Optional<Violation> bad(String why) {
        return Optional.of(new Violation(ErrorCode.BAD_FRAME, "Error. Malformed request: " + why));
    }

    private static Optional<Violation> invalid(String message) {
        return Optional.of(new Violation(ErrorCode.INVALID_ARGUMENT, message));
    }
}
