package org.parley.client.shell;

import java.util.List;
import org.parley.client.api.ParleyClient;
import org.parley.client.command.Command;
import org.parley.client.command.CommandCatalog;
import org.parley.client.format.OutputFormatter;
import org.parley.protocol.ActiveUser;

/** Runs one parsed command to completion: the request, its answer, and the lines it prints. */
final class CommandRunner {

    private final ParleyClient client;
    private final OutputFormatter formatter;
    private final ShellOutput output;
    private final Awaiter awaiter;
    private final OnlineUsers online;

    CommandRunner(ParleyClient client, OutputFormatter formatter, ShellOutput output, Awaiter awaiter,
                  OnlineUsers online) {
        this.client = client;
        this.formatter = formatter;
        this.output = output;
        this.awaiter = awaiter;
        this.online = online;
    }

    void run(Command command) {
        if (command instanceof Command.Help) {
            output.print(CommandCatalog.helpLines());
        } else if (NotWired.isUnavailable(command)) {
            output.print(NotWired.unavailable(command));
        } else if (command instanceof Command.Message c) {
            awaiter.await(client.message(c.to(), c.text())).ifPresent(r -> output.print(formatter.messageSent(r)));
        } else if (command instanceof Command.Broadcast c) {
            awaiter.await(client.broadcast(c.text())).ifPresent(r -> output.print(formatter.broadcastSent(r)));
        } else if (command instanceof Command.WhoElse) {
            awaiter.await(client.whoElse()).ifPresent(r -> {
                online.replaceAll(r.users());
                output.print(formatter.users(r));
            });
        } else if (command instanceof Command.WhoElseSince c) {
            awaiter.await(client.whoElseSince(c.seconds())).ifPresent(r -> output.print(formatter.users(r)));
        } else if (command instanceof Command.ActiveUsers) {
            awaiter.await(client.activeUsers()).ifPresent(r -> {
                online.replaceAll(r.users().stream().map(ActiveUser::username).toList());
                output.print(formatter.activeUsers(r));
            });
        } else if (command instanceof Command.Block c) {
            awaiter.await(client.block(c.user())).ifPresent(r -> output.print(formatter.blocked(c.user())));
        } else if (command instanceof Command.Unblock c) {
            awaiter.await(client.unblock(c.user())).ifPresent(r -> output.print(formatter.unblocked(c.user())));
        } else if (command instanceof Command.BuildRoom c) {
            awaiter.await(client.buildRoom(c.users())).ifPresent(r -> output.print(formatter.roomBuilt(r)));
        } else if (command instanceof Command.RoomMessage c) {
            awaiter.await(client.roomMessage(c.roomId(), c.text()))
                    .ifPresent(r -> output.print(formatter.roomMessageSent(r)));
        } else if (command instanceof Command.ReadHistory c) {
            awaiter.await(client.readHistory(c.kind(), c.since()))
                    .ifPresent(r -> output.print(formatter.history(r, c.since())));
        } else if (command instanceof Command.Logout) {
            logout();
        } else {
            output.print(NotWired.unavailable(command));
        }
    }

    /** Logs out and ends the shell with the goodbye line. */
    void logout() {
        awaiter.await(client.logout()).ifPresent(bye -> output.finish(ExitCodes.OK, List.of(formatter.bye(bye))));
    }
}
