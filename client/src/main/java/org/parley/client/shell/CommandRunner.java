package org.parley.client.shell;

import java.util.List;
import java.util.Optional;
import org.parley.client.command.Command;
import org.parley.client.command.CommandCatalog;
import org.parley.client.format.ChatLines;
import org.parley.client.format.HistoryListing;
import org.parley.client.format.OutputFormatter;
import org.parley.client.session.ChatSession;
import org.parley.protocol.ActiveUser;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.Response;

/**
 * Runs one parsed command to completion: the request, its answer, and the lines it prints. On a
 * terminal ({@link ChatLines#rich()}) a message the server took is echoed as the user's own line, in
 * the look of its kind, before the reference confirmation (if the command has one).
 */
final class CommandRunner {

    static final String LOGGED_OUT_UNREACHABLE = "Logged out (the server could not be reached to say goodbye)";
    static final String STUCK_HISTORY = "Error. The server said more history follows but did not move on";

    private final ChatSession session;
    private final OutputFormatter formatter;
    private final ShellOutput output;
    private final Awaiter awaiter;
    private final OnlineUsers online;
    private final CompletionSources sources;
    private final ChatLines chat;

    private final PrivateChat privateChat;
    private final Uploads uploads;

    CommandRunner(ChatSession session, OutputFormatter formatter, ChatLines chat, ShellOutput output,
                  Awaiter awaiter, CompletionSources sources, PrivateChat privateChat, Uploads uploads) {
        this.chat = chat;
        this.sources = sources;
        this.privateChat = privateChat;
        this.uploads = uploads;
        this.session = session;
        this.formatter = formatter;
        this.output = output;
        this.awaiter = awaiter;
        this.online = sources.online();
    }

    void run(Command command) {
        if (command instanceof Command.Help c) {
            output.print(c.topic().map(CommandCatalog::helpLines).orElseGet(CommandCatalog::helpLines));
        } else if (command instanceof Command.Message c) {
            awaiter.await(session.call(p -> p.message(c.to(), c.text()))).ifPresent(r -> {
                if (chat.rich()) {
                    output.print(chat.directSent(c.to(), c.text(), System.currentTimeMillis()));
                }
                output.print(formatter.messageSent(r));
            });
        } else if (command instanceof Command.Broadcast c) {
            awaiter.await(session.call(p -> p.broadcast(c.text()))).ifPresent(r -> {
                if (chat.rich()) {
                    output.print(chat.broadcastSent(r.number(), c.text(), r.at()));
                }
                output.print(formatter.broadcastSent(r));
            });
        } else if (command instanceof Command.WhoElse) {
            awaiter.await(session.call(p -> p.whoElse())).ifPresent(r -> {
                online.replaceAll(r.users());
                output.print(formatter.users(r));
            });
        } else if (command instanceof Command.WhoElseSince c) {
            awaiter.await(session.call(p -> p.whoElseSince(c.seconds()))).ifPresent(r -> output.print(formatter.users(r)));
        } else if (command instanceof Command.ActiveUsers) {
            awaiter.await(session.call(p -> p.activeUsers())).ifPresent(r -> {
                online.replaceAll(r.users().stream().map(ActiveUser::username).toList());
                output.print(formatter.activeUsers(r));
            });
        } else if (command instanceof Command.Block c) {
            awaiter.await(session.call(p -> p.block(c.user()))).ifPresent(r -> output.print(formatter.blocked(c.user())));
        } else if (command instanceof Command.Unblock c) {
            awaiter.await(session.call(p -> p.unblock(c.user()))).ifPresent(r -> output.print(formatter.unblocked(c.user())));
        } else if (command instanceof Command.BuildRoom c) {
            awaiter.await(session.call(p -> p.buildRoom(c.users()))).ifPresent(r -> {
                sources.roomJoined(r.roomId());
                output.print(formatter.roomBuilt(r));
            });
        } else if (command instanceof Command.RoomMessage c) {
            awaiter.await(session.call(p -> p.roomMessage(c.roomId(), c.text())))
                    .ifPresent(r -> {
                sources.roomJoined(c.roomId());
                if (chat.rich()) {
                    output.print(chat.roomSent(c.roomId(), c.text(), r.at()));
                }
                output.print(formatter.roomMessageSent(r));
            });
        } else if (command instanceof Command.ReadHistory c) {
            readHistory(c);
        } else if (command instanceof Command.StartPrivate c) {
            privateChat.start(c);
        } else if (command instanceof Command.PrivateMessage c) {
            privateChat.send(c);
        } else if (command instanceof Command.StopPrivate c) {
            privateChat.stop(c);
        } else if (command instanceof Command.AnswerPrivate c) {
            privateChat.answer(c);
        } else if (command instanceof Command.Upload c) {
            uploads.upload(c);
        } else if (command instanceof Command.Logout) {
            logout();
        }
    }

    /**
     * RDM: pulls the pages one after the other and prints each as it arrives, so the first lines show at
     * once and only one page is held, however long the history. A failure stops the listing after what
     * was printed (and is reported as for any command).
     */
    private void readHistory(Command.ReadHistory c) {
        HistoryListing listing = formatter.historyListing(c.kind(), c.since());
        HistoryCursor after = null;
        while (true) {
            HistoryCursor from = after;
            Optional<Response.History> page = awaiter.await(session.call(p -> p.readHistoryPage(c.kind(), c.since(), from)));
            if (page.isEmpty()) {
                return;
            }
            output.print(listing.page(page.get()));
            if (!page.get().more()) {
                break;
            }
            HistoryCursor next = page.get().next();
            if (next == null || next.equals(after)) {
                output.print(STUCK_HISTORY);
                return;
            }
            after = next;
        }
        output.print(listing.end());
    }

    /**
     * Logs out and ends the shell with the goodbye line. While the session is reconnecting there is no
     * server to say goodbye to: reconnecting stops and the shell ends as after a logout.
     */
    void logout() {
        if (!session.isConnected()) {
            session.logout();
            output.finish(ExitCodes.OK, LOGGED_OUT_UNREACHABLE);
            return;
        }
        awaiter.await(session.logout()).ifPresent(bye -> output.finish(ExitCodes.OK, List.of(formatter.bye(bye))));
        if (!output.isFinished() && !session.isConnected()) {
            // the connection went while saying goodbye: the user has left all the same
            output.finish(ExitCodes.OK, LOGGED_OUT_UNREACHABLE);
        }
    }
}
