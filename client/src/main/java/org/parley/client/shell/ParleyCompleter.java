package org.parley.client.shell;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.parley.client.command.CommandCatalog;
import org.parley.client.command.CommandSpec;

/**
 * Completes the first word from every command word, and the user arguments of commands that take users
 * (every word after {@code SRB}, the first argument of the others) from the users known to be online.
 */
final class ParleyCompleter implements Completer {

    private final OnlineUsers online;

    ParleyCompleter(OnlineUsers online) {
        this.online = online;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            CommandCatalog.words().forEach(w -> candidates.add(new Candidate(w)));
            return;
        }
        CommandSpec spec = CommandCatalog.find(line.words().get(0)).orElse(null);
        if (spec == null || !spec.takesUsers()) {
            return;
        }
        if (line.wordIndex() == 1 || spec == CommandCatalog.BUILD_ROOM) {
            online.snapshot().forEach(u -> candidates.add(new Candidate(u)));
        }
    }
}
