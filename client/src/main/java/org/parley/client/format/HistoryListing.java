package org.parley.client.format;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Response;

/**
 * The reference lines of one {@code RDM} listing, page by page as the pages arrive, so that the first
 * lines show at once however long the history: the header before the first item, a room's header
 * whenever the room changes (across pages too), and {@value OutputFormatter#NO_NEW_MESSAGE} at the end
 * when no item came at all. The lines of all pages together are those of the whole history at once.
 * Not thread-safe: one listing is fed by one thread.
 */
public final class HistoryListing {

    private final OutputFormatter formatter;
    private final HistoryKind kind;
    private final Instant since;
    private long shown;
    private long room = -1;

    HistoryListing(OutputFormatter formatter, HistoryKind kind, Instant since) {
        this.formatter = formatter;
        this.kind = kind;
        this.since = since;
    }

    /** The lines this page adds (none for a page without items). */
    public List<String> page(Response.History page) {
        List<String> lines = new ArrayList<>();
        for (HistoryItem item : page.items()) {
            if (shown == 0) {
                lines.add(formatter.historyHeader(kind, since));
            }
            if (kind == HistoryKind.ROOMS && item.roomId() != room) {
                room = item.roomId();
                lines.add("room-" + room + ":");
            }
            lines.add(formatter.historyLine(item));
            shown++;
        }
        return lines;
    }

    /** The closing lines, once the last page has come. */
    public List<String> end() {
        return shown == 0 ? List.of(OutputFormatter.NO_NEW_MESSAGE) : List.of();
    }

    /** Items shown so far. */
    public long shown() {
        return shown;
    }
}
