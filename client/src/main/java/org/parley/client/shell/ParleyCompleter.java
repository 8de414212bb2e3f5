package org.parley.client.shell;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.parley.client.command.CommandCatalog;
import org.parley.client.command.CommandSpec;

/**
 * Completes what each position of a command can hold: the first word from every command word (and
 * their {@code /} forms after a {@code /}; JLine matches case-insensitively), then by command: users
 * online for the user argument, only linked users after {@code private}/{@code stopprivate}, each user
 * at most once after {@code SRB}, the rooms the user is in after {@code SRM}, {@code b}/{@code s}
 * after {@code RDM}, file paths after {@code UDP}/{@code UPD} (JLine's own file-name completer,
 * which quotes spaces), and command words after {@code help}. Called on the reading thread.
 */
final class ParleyCompleter implements Completer {

    private final CompletionSources sources;
    private final Completer files = new Completers.FileNameCompleter();

    ParleyCompleter(CompletionSources sources) {
        this.sources = sources;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        int index = line.wordIndex();
        if (index == 0) {
            commandWords(line.word().startsWith("/"), candidates);
            return;
        }
        CommandSpec spec = CommandCatalog.find(line.words().get(0)).orElse(null);
        if (spec == null) {
            return;
        }
        if (spec == CommandCatalog.UPLOAD) {
            if (index == 1) {
                users(sources.online().snapshot(), candidates);
            } else if (index == 2) {
                files.complete(reader, line, candidates);
            }
        } else if (spec == CommandCatalog.BUILD_ROOM) {
            Set<String> named = new HashSet<>();
            for (int i = 1; i < line.words().size(); i++) {
                if (i != index) {
                    named.add(line.words().get(i).toLowerCase(Locale.ROOT));
                }
            }
            sources.online().snapshot().stream()
                    .filter(u -> !named.contains(u.toLowerCase(Locale.ROOT)))
                    .forEach(u -> candidates.add(new Candidate(u)));
        } else if (index == 1) {
            firstArgument(spec, candidates);
        }
    }

    private void firstArgument(CommandSpec spec, List<Candidate> candidates) {
        if (spec == CommandCatalog.ROOM_MESSAGE) {
            sources.rooms().forEach(id -> candidates.add(new Candidate(Long.toString(id))));
        } else if (spec == CommandCatalog.READ_HISTORY) {
            candidates.add(new Candidate("b", "b", null, "broadcast messages", null, null, true));
            candidates.add(new Candidate("s", "s", null, "separate room messages", null, null, true));
        } else if (spec == CommandCatalog.PRIVATE || spec == CommandCatalog.STOP_PRIVATE) {
            users(sources.linked(), candidates);
        } else if (spec == CommandCatalog.HELP) {
            CommandCatalog.words().forEach(w -> candidates.add(new Candidate(w)));
        } else if (spec.takesUsers()) {
            users(sources.online().snapshot(), candidates);
        }
    }

    private static void commandWords(boolean slash, List<Candidate> candidates) {
        List<String> words = slash ? CommandCatalog.slashWords() : CommandCatalog.words();
        words.forEach(w -> candidates.add(new Candidate(w)));
    }

    private static void users(Set<String> users, List<Candidate> candidates) {
        users.forEach(u -> candidates.add(new Candidate(u)));
    }
}
