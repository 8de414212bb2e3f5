package org.parley.client.shell;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.parley.client.api.ServerErrorException;
import org.parley.client.command.Command;
import org.parley.client.format.ChatLines;
import org.parley.client.link.LinkRefusedException;
import org.parley.client.link.PrivateLinkListener;
import org.parley.client.link.PrivateLinks;
import org.parley.client.link.SendResult;
import org.parley.client.session.ChatSession;
import org.parley.protocol.Event;
import org.parley.protocol.Validation;
import org.parley.tls.Fingerprint;

/**
 * Private chat in the shell (SPEC 5): the commands, the consent question, the brokering events from
 * the server, and what the direct links report. Messages go over the link only; the server hears that
 * there was activity (for the idle timer), never what was said. The links do not go through the
 * server, so they outlive a lost server connection; questions waiting for an answer do not (the server
 * that asked them is gone), and neither does one the server says has expired.
 *
 * <p>{@code private <user>} typed while the link with that user is still being set up (just after
 * answering {@code y}) waits for it, up to {@link #LINK_SET_UP_WAIT}, instead of failing.
 */
final class PrivateChat implements PrivateLinkListener {

    static final Duration LINK_SET_UP_WAIT = Duration.ofSeconds(10);
    /** How many askers whose questions went void are remembered, to explain a late answer. */
    private static final int VOID_QUESTIONS_KEPT = 16;

    private final ChatSession client;
    /** Bound after this object exists, because the links report to it; set once, before login. */
    private volatile PrivateLinks links;
    private final ShellOutput output;
    private final Awaiter awaiter;
    private final StatusArea status;
    /** Askers waiting for this user's answer, newest last; a bare {@code y}/{@code n} answers the newest. */
    private final Deque<String> questions = new ArrayDeque<>();
    /** Askers whose question expired or was lost with the connection, newest last (guarded by {@link #questions}). */
    private final Set<String> voided = new LinkedHashSet<>();
    /**
     * Peers whose logout was already said once, by the server's notice or by the link's goodbye,
     * whichever came first, so that the other one prints nothing (guarded by itself).
     */
    private final Set<String> logoutSaid = new HashSet<>();
    private volatile ChatLines chat = new ChatLines(java.time.ZoneOffset.UTC, Optional.empty(), false);
    private volatile boolean bell;

    PrivateChat(ChatSession client, ShellOutput output, Awaiter awaiter, StatusArea status) {
        this.status = status;
        this.client = client;
        this.output = output;
        this.awaiter = awaiter;
    }

    void use(PrivateLinks boundLinks) {
        this.links = boundLinks;
    }

    /** How private lines look, and whether one that arrives rings the bell; set once, before login. */
    void present(ChatLines lines, boolean ring) {
        this.chat = lines;
        this.bell = ring;
    }

    /**
     * The server says {@code user} logged out: true when this class said (or just now says) it, as the
     * one line "{@code <user> logged out, private chat concluding}" for a linked peer.
     */
    boolean loggedOut(String user) {
        synchronized (logoutSaid) {
            if (logoutSaid.remove(user)) {
                return true;
            }
            if (links == null || !links.hasLink(user)) {
                return false;
            }
            logoutSaid.add(user);
        }
        output.print(concluding(user));
        return true;
    }

    /** A user who logs in again starts afresh: nothing of an earlier logout is pending. */
    void loggedIn(String user) {
        synchronized (logoutSaid) {
            logoutSaid.remove(user);
        }
    }

    private static String concluding(String user) {
        return user + " logged out, private chat concluding";
    }

    void start(Command.StartPrivate c) {
        if (links.hasLink(c.user())) {
            output.print("Error. Private messaging with " + c.user() + " already enabled");
            return;
        }
        awaiter.await(client.call(p -> p.startPrivate(c.user(), links.fingerprint().value())))
                .ifPresent(ok -> output.print("Start private messaging with " + c.user()));
    }

    void send(Command.PrivateMessage c) {
        SendResult result = links.send(c.user(), c.text());
        if (result == SendResult.NOT_ENABLED && links.awaitLink(c.user(), LINK_SET_UP_WAIT)) {
            result = links.send(c.user(), c.text());
        }
        switch (result) {
            case SENT -> {
                reportActivity();
                if (chat.rich()) {
                    output.print(chat.privateSent(c.user(), c.text(), System.currentTimeMillis()));
                }
            }
            case NOT_ENABLED -> output.print("Error. Private messaging to " + c.user() + " not enabled");
            case PEER_GONE -> output.print("Error. " + c.user() + " is no longer reachable, private chat closed");
            case INVALID_TEXT -> output.print(Validation.textProblem(c.text()).orElse("Error. Invalid message"));
        }
    }

    void stop(Command.StopPrivate c) {
        if (links.stop(c.user())) {
            output.print("Private messaging with " + c.user() + " stopped");
            reportActivity();
        } else {
            output.print("Error. No private messaging with " + c.user());
        }
    }

    void answer(Command.AnswerPrivate c) {
        Optional<String> asker;
        Optional<String> lapsed = Optional.empty();
        synchronized (questions) {
            asker = c.user().or(() -> Optional.ofNullable(questions.peekLast()));
            if (asker.isPresent() && !questions.remove(asker.get()) && voided.remove(asker.get())) {
                lapsed = asker;
            } else if (asker.isEmpty() && !voided.isEmpty()) {
                lapsed = Optional.of(voided.stream().reduce((a, b) -> b).orElseThrow());
                voided.remove(lapsed.get());
            }
        }
        if (lapsed.isPresent()) {
            output.print("Error. The private messaging request from " + lapsed.get()
                    + " is no longer open; ask " + lapsed.get() + " to send it again");
            return;
        }
        asker.ifPresent(a -> status.remove(questionKey(a)));
        if (asker.isEmpty()) {
            output.print("Error. No private messaging request to answer");
            return;
        }
        awaiter.await(client.call(p -> p.answerPrivate(asker.get(), c.accept(),
                c.accept() ? links.fingerprint().value() : null)));
    }

    /** Handles the private-chat events; false for any other event. */
    boolean onEvent(Event event) {
        if (event instanceof Event.PrivateRequested e) {
            synchronized (questions) {
                questions.remove(e.from());
                voided.remove(e.from());
                questions.addLast(e.from());
            }
            String question = e.from() + " would like to private message, enter y or n: ";
            output.print(question);
            status.put(questionKey(e.from()), question);
        } else if (event instanceof Event.PrivateExpect e) {
            if (links.expect(e.user(), e.token(), e.fingerprint())) {
                client.call(p -> p.privateReady(e.user())).whenComplete((ok, err) -> report(err));
            } else {
                output.print("Error. Cannot accept a private link from " + e.user()
                        + ": the server sent no valid key fingerprint for it, or too many links are pending");
            }
        } else if (event instanceof Event.PrivateAccepted e) {
            links.connect(e.user(), e.host(), e.port(), e.token(), e.fingerprint()).whenComplete((ok, err) -> {
                output.print(err == null
                        ? e.user() + " accepts private messaging"
                        : "Error. Could not open a private link to " + e.user() + ": " + rootMessage(err));
                LinkRefusedException.mismatchIn(err).ifPresent(why -> client.call(p -> p.reportLinkRefused(e.user(), why))
                        .whenComplete((reported, failure) -> report(failure)));
            });
        } else if (event instanceof Event.PrivateLinkRefused e) {
            links.forgetExpected(e.user());
            output.print(RefusedLinkLine.of(e, links.fingerprint()));
        } else if (event instanceof Event.PrivateDeclined e) {
            output.print(e.user() + " declines private messaging");
        } else if (event instanceof Event.PrivateExpired e) {
            if (voidQuestion(e.from())) {
                output.print("The private messaging request from " + e.from() + " expired");
            }
        } else {
            return false;
        }
        return true;
    }

    /** Both keys, so the two users can compare them out of band: the server brokered them. */
    @Override
    public void linkOpened(String peer, Fingerprint peerKey) {
        output.print("Private link with " + peer + " is encrypted; keys: " + peer + " " + peerKey
                + ", yours " + links.fingerprint());
    }

    @Override
    public void messageReceived(String peer, String text) {
        output.print(chat.privateReceived(peer, text, System.currentTimeMillis()));
        if (bell) {
            output.bell();
        }
    }

    @Override
    public void linkStopped(String peer, boolean byPeer) {
        if (byPeer) {
            output.print("Private messaging with " + peer + " stopped");
        }
    }

    @Override
    public void peerLoggedOut(String peer) {
        synchronized (logoutSaid) {
            if (!logoutSaid.add(peer)) {
                // the server's notice came first and said it
                logoutSaid.remove(peer);
                return;
            }
        }
        output.print(concluding(peer));
    }

    @Override
    public void linkLost(String peer) {
        output.print("Error. " + peer + " is no longer reachable, private chat closed");
    }

    /**
     * The server connection was lost: the questions it asked are void (a new server does not know them,
     * and the old session's end withdrew them). The links themselves stay up.
     */
    void serverLost() {
        List<String> asked;
        synchronized (questions) {
            asked = List.copyOf(questions);
        }
        for (String asker : asked) {
            if (voidQuestion(asker)) {
                output.print("The private messaging request from " + asker + " was withdrawn with the connection");
            }
        }
    }

    /** Unpins the question from {@code asker} and remembers it went void; false if none was open. */
    private boolean voidQuestion(String asker) {
        synchronized (questions) {
            if (!questions.remove(asker)) {
                return false;
            }
            voided.remove(asker);
            voided.add(asker);
            if (voided.size() > VOID_QUESTIONS_KEPT) {
                voided.remove(voided.iterator().next());
            }
        }
        status.remove(questionKey(asker));
        return true;
    }

    /**
     * Tells the server there was activity (idle timer). Only a refusal is worth a line: while the session
     * reconnects there is nobody to tell, and the session's own lines say so.
     */
    private void reportActivity() {
        client.call(p -> p.reportActivity()).whenComplete((ok, err) -> {
            if (err != null && rootCause(err) instanceof ServerErrorException refused) {
                output.print(refused.getMessage());
            }
        });
    }

    private static Throwable rootCause(Throwable err) {
        Throwable t = err;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String questionKey(String asker) {
        return "question:" + asker;
    }

    private void report(Throwable err) {
        if (err != null) {
            output.print(err.getCause() instanceof ServerErrorException refused ? refused.getMessage()
                    : "Error. " + rootMessage(err));
        }
    }

    private static String rootMessage(Throwable err) {
        Throwable t = err;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
