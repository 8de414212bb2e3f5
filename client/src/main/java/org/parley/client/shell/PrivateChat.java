package org.parley.client.shell;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ServerErrorException;
import org.parley.client.command.Command;
import org.parley.client.format.ChatLines;
import org.parley.client.link.PrivateLinkListener;
import org.parley.client.link.PrivateLinks;
import org.parley.protocol.Event;
import org.parley.protocol.Validation;

/**
 * Private chat in the shell (SPEC 5): the commands, the consent question, the brokering events from
 * the server, and what the direct links report. Messages go over the link only; the server hears that
 * there was activity (for the idle timer), never what was said.
 */
final class PrivateChat implements PrivateLinkListener {

    private final ParleyClient client;
    /** Bound after this object exists, because the links report to it; set once, before login. */
    private volatile PrivateLinks links;
    private final ShellOutput output;
    private final Awaiter awaiter;
    private final StatusArea status;
    /** Askers waiting for this user's answer, newest last; a bare {@code y}/{@code n} answers the newest. */
    private final Deque<String> questions = new ArrayDeque<>();
    /**
     * Peers whose logout was already said once, by the server's notice or by the link's goodbye,
     * whichever came first, so that the other one prints nothing (guarded by itself).
     */
    private final Set<String> logoutSaid = new HashSet<>();
    private volatile ChatLines chat = new ChatLines(java.time.ZoneOffset.UTC, Optional.empty(), false);
    private volatile boolean bell;

    PrivateChat(ParleyClient client, ShellOutput output, Awaiter awaiter, StatusArea status) {
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
        awaiter.await(client.startPrivate(c.user()))
                .ifPresent(ok -> output.print("Start private messaging with " + c.user()));
    }

    void send(Command.PrivateMessage c) {
        switch (links.send(c.user(), c.text())) {
            case SENT -> {
                client.reportActivity();
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
            client.reportActivity();
        } else {
            output.print("Error. No private messaging with " + c.user());
        }
    }

    void answer(Command.AnswerPrivate c) {
        Optional<String> asker;
        synchronized (questions) {
            asker = c.user().or(() -> Optional.ofNullable(questions.peekLast()));
            asker.ifPresent(questions::remove);
        }
        asker.ifPresent(a -> status.remove(questionKey(a)));
        if (asker.isEmpty()) {
            output.print("Error. No private messaging request to answer");
            return;
        }
        awaiter.await(client.answerPrivate(asker.get(), c.accept()));
    }

    /** Handles the private-chat events; false for any other event. */
    boolean onEvent(Event event) {
        if (event instanceof Event.PrivateRequested e) {
            synchronized (questions) {
                questions.remove(e.from());
                questions.addLast(e.from());
            }
            String question = e.from() + " would like to private message, enter y or n: ";
            output.print(question);
            status.put(questionKey(e.from()), question);
        } else if (event instanceof Event.PrivateExpect e) {
            links.expect(e.user(), e.token());
            client.privateReady(e.user()).whenComplete((ok, err) -> report(err));
        } else if (event instanceof Event.PrivateAccepted e) {
            links.connect(e.user(), e.host(), e.port(), e.token()).whenComplete((ok, err) -> output.print(err == null
                    ? e.user() + " accepts private messaging"
                    : "Error. Could not open a private link to " + e.user() + ": " + rootMessage(err)));
        } else if (event instanceof Event.PrivateDeclined e) {
            output.print(e.user() + " declines private messaging");
        } else {
            return false;
        }
        return true;
    }

    /** Nothing to say: the asker is told when its connect succeeds, and the target has just said yes. */
    @Override
    public void linkOpened(String peer) {
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
