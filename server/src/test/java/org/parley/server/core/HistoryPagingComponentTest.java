package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.HistoryCursor;
import org.parley.protocol.HistoryItem;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Limits;
import org.parley.protocol.Request;
import org.parley.protocol.Response;

/**
 * RDM past one frame (issue 10, item 4): history comes in pages the client pulls, each frame within
 * {@link Limits#MAX_FRAME_BYTES} whatever the texts, the connection stays open, and nothing is lost
 * or repeated across page boundaries, blocked senders included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryPagingComponentTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // the writers here send thousands of commands as fast as they can
        server = TestServer.start(dir, s -> s.withLimits(200, 1_000_000, 1_000_000));
    }

    @AfterEach
    void logOutEveryone() throws IOException {
        server.disconnectAll();
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    /** Texts of the longest allowed length that encode to the most bytes JSON allows them. */
    static String longText(int n) {
        return longText("", n);
    }

    static String longText(String prefix, int n) {
        String unit = switch (n % 4) {
            case 0 -> "\"";            // escaped: 2 bytes a character
            case 1 -> "\\";            // escaped: 2 bytes
            case 2 -> "\u2713";        // 3 bytes of UTF-8
            default -> "\uD83D\uDE00"; // a surrogate pair: 4 bytes for 2 characters
        };
        String body = unit.repeat(Limits.MAX_TEXT_CHARS / unit.length());
        String tag = prefix + "#" + n + " ";
        return tag + body.substring(tag.length() + (unit.length() == 2 && tag.length() % 2 == 1 ? 1 : 0));
    }

    @Test
    void twentyAndTwoHundredLongBroadcastsAreReadInFullAcrossPagesWithinTheFrameLimit() throws Exception {
        TestConnection writer = server.register("pwriter");
        TestConnection reader = server.register("preader");
        List<Response.BroadcastSent> first = broadcast(writer, 0, 20);
        long since = first.get(0).at() - 1;

        List<Response.History> pages = readAll(reader, HistoryKind.BROADCAST, since);
        assertThat(tags(texts(pages))).containsExactlyElementsOf(tags(expectedTexts(0, 20)));
        assertThat(texts(pages)).containsExactlyElementsOf(expectedTexts(0, 20));
        assertThat(pages).hasSizeGreaterThan(1);

        broadcast(writer, 20, 180);
        pages = readAll(reader, HistoryKind.BROADCAST, since);
        assertThat(tags(texts(pages))).containsExactlyElementsOf(tags(expectedTexts(0, 200)));
        assertThat(texts(pages)).containsExactlyElementsOf(expectedTexts(0, 200));
        assertThat(pages.stream().flatMap(p -> p.items().stream()).map(HistoryItem::number).toList())
                .as("in number order, each once").isSorted().doesNotHaveDuplicates();
        assertThat(pages.get(0).items()).first().isEqualTo(
                new HistoryItem(0, first.get(0).number(), "pwriter", longText(0), first.get(0).at()));
        reader.sync(); // the connection is still open
        assertThat(reader.isClosedByServer()).isFalse();
    }

    @Test
    void aClientSendingNoCursorGetsTheFirstPage() throws Exception {
        TestConnection writer = server.register("fwriter");
        TestConnection reader = server.register("freader");
        long since = broadcast(writer, 0, 30).get(0).at() - 1;

        Request.ReadHistory old = new Request.ReadHistory(reader.nextId(), HistoryKind.BROADCAST, since);
        Response.History page = reader.request(old, Response.History.class);
        assertThat(reader.bytesOfResponse(old.id())).isLessThanOrEqualTo(Limits.MAX_FRAME_BYTES);
        assertThat(page.more()).isTrue();
        assertThat(page.items()).extracting(HistoryItem::text).isEqualTo(expectedTexts(0, page.items().size()));
        assertThat(page.next()).isEqualTo(new HistoryCursor(0, page.items().get(page.items().size() - 1).number()));
    }

    @Test
    void roomHistoryIsPagedByRoomThenNumberAcrossSeveralRooms() throws Exception {
        TestConnection reader = server.register("rpreader");
        TestConnection friend = server.register("rpfriend");
        TestConnection pest = server.register("rppest");
        TestConnection stranger = server.register("rpstranger");
        long roomA = reader.request(new Request.BuildRoom(reader.nextId(), List.of("rpfriend", "rppest")),
                Response.RoomBuilt.class).roomId();
        long foreign = friend.request(new Request.BuildRoom(friend.nextId(), List.of("rpstranger")),
                Response.RoomBuilt.class).roomId();
        long roomB = reader.request(new Request.BuildRoom(reader.nextId(), List.of("rpfriend")),
                Response.RoomBuilt.class).roomId();
        long roomC = stranger.request(new Request.BuildRoom(stranger.nextId(), List.of("rpreader", "rppest")),
                Response.RoomBuilt.class).roomId();
        assertThat(List.of(roomA, foreign, roomB, roomC)).doesNotHaveDuplicates();
        reader.request(new Request.Block(reader.nextId(), "rppest"), Response.Ok.class);

        List<String> expected = new ArrayList<>();
        long since = 0;
        for (long room : List.of(roomA, foreign, roomB, roomC)) {
            for (int i = 0; i < 15; i++) {
                TestConnection from = room == foreign ? stranger : i % 3 == 2 ? pest : friend;
                if (room == roomB && from == pest) {
                    from = reader; // pest is not in room B: the reader's own messages are history too
                } else if (room == roomC && from == friend) {
                    from = stranger; // a stranger elsewhere, but a member here
                }
                String text = longText("room " + room + " ", i);
                Response.RoomMessageSent sent = from.request(new Request.SendRoomMessage(from.nextId(), room, text),
                        Response.RoomMessageSent.class);
                since = since == 0 ? sent.at() - 1 : since;
                if (room != foreign && from != pest) {
                    expected.add(text);
                }
            }
        }

        List<Response.History> pages = readAll(reader, HistoryKind.ROOMS, since);
        assertThat(pages).hasSizeGreaterThan(3);
        assertThat(tags(texts(pages))).containsExactlyElementsOf(tags(expected));
        assertThat(texts(pages)).containsExactlyElementsOf(expected);
        List<HistoryItem> items = pages.stream().flatMap(p -> p.items().stream()).toList();
        assertThat(items).extracting(HistoryItem::roomId).isSorted().containsOnly(roomA, roomB, roomC);
        assertThat(items).extracting(HistoryItem::from).doesNotContain("rppest").contains("rpstranger");
    }

    @Test
    void runsOfBlockedSendersAcrossPageBoundariesDoNotEndTheListing() throws Exception {
        TestConnection reader = server.register("breader");
        TestConnection friend = server.register("bfriend");
        TestConnection pest = server.register("bpest");
        reader.request(new Request.Block(reader.nextId(), "bpest"), Response.Ok.class);

        int full = HistoryPage.MAX_ITEMS;
        long since = broadcast(friend, "before ", full).get(0).at() - 1; // exactly one page
        // then more of them than one request looks at (it reads up to a page past the limit): a page of
        // nothing but left-out rows
        broadcast(pest, "pest ", HistoryReads.MAX_SCANNED + HistoryPage.MAX_ITEMS + 7);
        broadcast(friend, "between ", full + 3); // fills a page and spills over
        broadcast(pest, "pest again ", 40);
        broadcast(friend, "after ", 2);

        List<Response.History> pages = readAll(reader, HistoryKind.BROADCAST, since);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < full; i++) {
            expected.add("before " + i);
        }
        for (int i = 0; i < full + 3; i++) {
            expected.add("between " + i);
        }
        expected.add("after 0");
        expected.add("after 1");
        assertThat(texts(pages)).containsExactlyElementsOf(expected);
        assertThat(pages).as("a page that only left out blocked senders still says more follow")
                .anySatisfy(p -> assertThat(p.items()).isEmpty());
        assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(p -> assertThat(p.more()).isTrue());
        assertThat(pages.get(pages.size() - 1).more()).isFalse();
    }

    /** Pulls every page, checking each frame's size on the wire. */
    private static List<Response.History> readAll(TestConnection reader, HistoryKind kind, long since)
            throws IOException {
        List<Response.History> pages = new ArrayList<>();
        HistoryCursor after = null;
        while (true) {
            Request.ReadHistory req = new Request.ReadHistory(reader.nextId(), kind, since, after);
            Response.History page = reader.request(req, Response.History.class);
            assertThat(reader.bytesOfResponse(req.id())).as("frame of page %d", pages.size())
                    .isLessThanOrEqualTo(Limits.MAX_FRAME_BYTES);
            assertThat(page.items().size()).isLessThanOrEqualTo(HistoryPage.MAX_ITEMS);
            pages.add(page);
            if (!page.more()) {
                return pages;
            }
            assertThat(page.next()).as("a page that says more carries where to go on").isNotNull()
                    .isNotEqualTo(after);
            after = page.next();
            assertThat(pages).as("pages to read").hasSizeLessThan(10_000);
        }
    }

    private static List<Response.BroadcastSent> broadcast(TestConnection from, int firstIndex, int count)
            throws IOException {
        List<String> texts = new ArrayList<>();
        for (int i = firstIndex; i < firstIndex + count; i++) {
            texts.add(longText(i));
        }
        return broadcast(from, texts);
    }

    private static List<Response.BroadcastSent> broadcast(TestConnection from, String prefix, int count)
            throws IOException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(prefix + i);
        }
        return broadcast(from, texts);
    }

    /** Sends them all, then waits for every confirmation (the writer commits them in groups). */
    private static List<Response.BroadcastSent> broadcast(TestConnection from, List<String> texts) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (String text : texts) {
            Request.SendBroadcast req = new Request.SendBroadcast(from.nextId(), text);
            from.send(req);
            ids.add(req.id());
        }
        List<Response.BroadcastSent> sent = new ArrayList<>();
        for (long id : ids) {
            Response r = from.awaitResponse(id);
            assertThat(r).isInstanceOf(Response.BroadcastSent.class);
            sent.add((Response.BroadcastSent) r);
        }
        return sent;
    }

    private static List<String> expectedTexts(int firstIndex, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = firstIndex; i < firstIndex + count; i++) {
            texts.add(longText(i));
        }
        return texts;
    }

    /** The start of each text, for readable failures: the long texts differ only there. */
    private static List<String> tags(List<String> texts) {
        return texts.stream().map(t -> t.substring(0, t.indexOf('#') + 5)).toList();
    }

    private static List<String> texts(List<Response.History> pages) {
        return pages.stream().flatMap(p -> p.items().stream()).map(HistoryItem::text).toList();
    }
}
