package org.parley.client.shell;

import java.util.Optional;
import org.parley.client.api.ClientListener;
import org.parley.client.format.ChatLines;
import org.parley.client.format.OutputFormatter;
import org.parley.protocol.Event;
import org.parley.protocol.Response;

/**
 * Shows what the server pushes, one whole line per event, and ends the shell when the server ends the
 * session (a lost connection is the session's business: {@link ConnectionStatus}). Messages are drawn
 * by {@link ChatLines} (kind, time), and a live direct message rings the bell when {@code bell} is on.
 * Runs on the connection's event loop, in the order frames arrived.
 */
final class EventPrinter implements ClientListener {

    private final OutputFormatter formatter;
    private final ShellOutput output;
    private final OnlineUsers online;
    private final ChatLines chat;
    private final CompletionSources sources;
    private final boolean bell;

    /** Set once the peer-to-peer features exist (after the ports are bound, before login). */
    private volatile PrivateChat privateChat;
    private volatile Uploads uploads;

    EventPrinter(OutputFormatter formatter, ShellOutput output, OnlineUsers online) {
        this(formatter, output, new CompletionSources(online), new ChatLines(formatter.zone(), Optional.empty(), false),
                false);
    }

    EventPrinter(OutputFormatter formatter, ShellOutput output, CompletionSources sources, ChatLines chat,
                 boolean bell) {
        this.formatter = formatter;
        this.output = output;
        this.online = sources.online();
        this.sources = sources;
        this.chat = chat;
        this.bell = bell;
    }

    void peers(PrivateChat chat, Uploads up) {
        this.privateChat = chat;
        this.uploads = up;
    }

    @Override
    public void onLoggedIn(String username) {
        output.print(formatter.welcome(username));
    }

    @Override
    public void onEvent(Event event) {
        if (event instanceof Event.UserLoggedIn e) {
            online.add(e.user());
            if (privateChat != null) {
                privateChat.loggedIn(e.user());
            }
        } else if (event instanceof Event.UserLoggedOut e) {
            online.remove(e.user());
            if (privateChat != null && privateChat.loggedOut(e.user())) {
                return;
            }
        } else if (event instanceof Event.RoomJoined e) {
            sources.roomJoined(e.roomId());
        }
        if ((privateChat != null && privateChat.onEvent(event)) || (uploads != null && uploads.onEvent(event))) {
            return;
        }
        if (event instanceof Event.MessageReceived e) {
            output.print(chat.direct(e));
            if (bell && !e.offline()) {
                output.bell();
            }
            return;
        }
        if (event instanceof Event.BroadcastReceived e) {
            output.print(chat.broadcast(e));
            return;
        }
        if (event instanceof Event.RoomMessageReceived e) {
            output.print(chat.room(e));
            return;
        }
        Optional<String> line = formatter.event(event);
        if (event instanceof Event.SessionEnded ended) {
            int code = ended.reason() == Event.SessionEnded.Reason.TIMEOUT ? ExitCodes.OK : ExitCodes.FAILURE;
            output.finish(code, line.orElse(ended.message()));
        } else {
            line.ifPresent(output::print);
        }
    }

    @Override
    public void onUnsolicitedError(Response.Error error) {
        output.refusal(error.message());
    }
}
