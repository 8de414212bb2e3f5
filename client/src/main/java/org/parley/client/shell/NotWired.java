package org.parley.client.shell;

import org.parley.client.command.Command;
import org.parley.protocol.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that lists what the terminal does not handle in this build: private chat (start, send,
 * stop, answer) and UDP uploads. Their commands parse and the headless API carries their requests and
 * events; wiring them into the shell means handling them here instead of refusing them.
 */
final class NotWired {

    private static final Logger LOG = LoggerFactory.getLogger(NotWired.class);

    private NotWired() {}

    static boolean isUnavailable(Command command) {
        return command instanceof Command.StartPrivate
                || command instanceof Command.PrivateMessage
                || command instanceof Command.StopPrivate
                || command instanceof Command.AnswerPrivate
                || command instanceof Command.Upload;
    }

    static String unavailable(Command command) {
        return "Error. " + command.word() + " is not available in this build";
    }

    /** Private-chat and upload events: nothing in this build acts on them. */
    static void onEvent(Event event) {
        LOG.debug("not handled in this build: {}", event);
    }
}
