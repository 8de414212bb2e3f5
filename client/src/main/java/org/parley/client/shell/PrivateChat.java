package org.parley.client.shell;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.parley.client.api.ParleyClient;
import org.parley.client.api.ServerErrorException;
import org.parley.client.command.Command;
import org.parley.client.link.LinkRefusedException;
import org.parley.client.link.PrivateLinkListener;
import org.parley.client.link.PrivateLinks;
import org.parley.protocol.Event;
import org.parley.protocol.Validation;
import org.parley.tls.Fingerprint;

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

    PrivateChat(ParleyClient client, ShellOutput output, Awaiter awaiter, StatusArea status) {
        this.status = status;
        this.client = client;
        this.output = output;
        this.awaiter = awaiter;
    }

    void use(PrivateLinks boundLinks) {
        this.links = boundLinks;
    }

    void start(Command.StartPrivate c) {
        if (links.hasLink(c.user())) {
            output.print("Error. Private messaging with " + c.user() + " already enabled");
            return;
        }
        awaiter.await(client.startPrivate(c.user(), links.fingerprint().value()))
                .ifPresent(ok -> output.print("Start private messaging with " + c.user()));
    }

    void send(Command.PrivateMessage c) {
        switch (links.send(c.user(), c.text())) {
            case SENT -> client.reportActivity();
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
        awaiter.await(client.answerPrivate(asker.get(), c.accept(), c.accept() ? links.fingerprint().value() : null));
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
            if (links.expect(e.user(), e.token(), e.fingerprint())) {
                client.privateReady(e.user()).whenComplete((ok, err) -> report(err));
            } else {
                output.print("Error. Cannot accept a private link from " + e.user()
                        + ": the server sent no valid key fingerprint for it, or too many links are pending");
            }
        } else if (event instanceof Event.PrivateAccepted e) {
            links.connect(e.user(), e.host(), e.port(), e.token(), e.fingerprint()).whenComplete((ok, err) -> {
                output.print(err == null
                        ? e.user() + " accepts private messaging"
                        : "Error. Could not open a private link to " + e.user() + ": " + rootMessage(err));
                LinkRefusedException.mismatchIn(err).ifPresent(why -> client.reportLinkRefused(e.user(), why)
                        .whenComplete((reported, failure) -> report(failure)));
            });
        } else if (event instanceof Event.PrivateLinkRefused e) {
            output.print(RefusedLinkLine.of(e, links.fingerprint()));
        } else if (event instanceof Event.PrivateDeclined e) {
            output.print(e.user() + " declines private messaging");
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
        output.print(peer + "(private): " + text);
    }

    @Override
    public void linkStopped(String peer, boolean byPeer) {
        if (byPeer) {
            output.print("Private messaging with " + peer + " stopped");
        }
    }

    @Override
    public void peerLoggedOut(String peer) {
        output.print(peer + " logged out, private chat concluding");
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
