package org.parley.server.core.bus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one wire form of {@link ClusterEvent}s: compact binary, a version byte, a tag byte per record
 * type, then the fields in declaration order (strings as a length and UTF-8 bytes, -1 for null;
 * numbers as big-endian longs and ints). Encoding the decoded bytes gives the same bytes.
 *
 * <p>A version byte first, so a node that reads a form it does not know says so (and drops that
 * message) instead of misreading it: nodes of different versions must not share a bus.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClusterCodec {

    /** The wire form's version; bump it when any record changes. */
    public static final byte VERSION = 1;

    private static final byte USER_ONLINE = 1;
    private static final byte USER_OFFLINE = 2;
    private static final byte ACCOUNT_ADDED = 3;
    private static final byte BLOCK_CHANGED = 4;
    private static final byte DIRECT_COMMITTED = 5;
    private static final byte BROADCAST_COMMITTED = 6;
    private static final byte ROOM_CREATED = 7;
    private static final byte ROOM_MESSAGE_COMMITTED = 8;
    private static final byte PRIVATE_ASKED = 9;
    private static final byte TO_USER = 10;
    private static final byte KICK_USER = 11;

    private ClusterCodec() {}

    public static byte[] encode(ClusterEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            write(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The event's bytes, at most {@code maxBytes}: with its text left out if only that makes it fit
     * (the receiver reads the text from the database). Throws if even that does not fit, which the
     * limits of the protocol rule out for every event the core publishes.
     */
    public static byte[] encodeToFit(ClusterEvent event, int maxBytes) {
        byte[] full = encode(event);
        if (full.length <= maxBytes) {
            return full;
        }
        if (event instanceof ClusterEvent.Elidable elidable) {
            byte[] reference = encode(elidable.withoutText());
            if (reference.length <= maxBytes) {
                return reference;
            }
        }
        throw new IllegalArgumentException(event.getClass().getSimpleName() + " takes " + full.length
                + " bytes, more than the engine's " + maxBytes);
    }

    /** Throws {@link IllegalArgumentException} for bytes that are not a whole event of this version. */
    public static ClusterEvent decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("cluster event of version " + version + ", this node reads "
                        + VERSION);
            }
            ClusterEvent event = read(in.readByte(), in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes after a whole event");
            }
            return event;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated cluster event (" + payload.length + " bytes)", e);
        }
    }

    private static void write(ClusterEvent event, DataOutputStream out) throws IOException {
        if (event instanceof ClusterEvent.UserOnline e) {
            out.writeByte(USER_ONLINE);
            string(out, e.node());
            string(out, e.user());
            out.writeLong(e.loginAt());
            string(out, e.ip());
            out.writeInt(e.udpPort());
            out.writeInt(e.privatePort());
            return;
        }
        if (event instanceof ClusterEvent.UserOffline e) {
            out.writeByte(USER_OFFLINE);
            string(out, e.node());
            string(out, e.user());
            out.writeLong(e.loginAt());
            return;
        }
        if (event instanceof ClusterEvent.AccountAdded e) {
            out.writeByte(ACCOUNT_ADDED);
            string(out, e.node());
            string(out, e.user());
            string(out, e.passwordHash());
            return;
        }
        if (event instanceof ClusterEvent.BlockChanged e) {
            out.writeByte(BLOCK_CHANGED);
            string(out, e.node());
            string(out, e.blocker());
            string(out, e.blocked());
            out.writeBoolean(e.blocking());
            return;
        }
        if (event instanceof ClusterEvent.DirectCommitted e) {
            out.writeByte(DIRECT_COMMITTED);
            string(out, e.node());
            out.writeLong(e.id());
            string(out, e.from());
            string(out, e.to());
            string(out, e.text());
            out.writeLong(e.at());
            return;
        }
        if (event instanceof ClusterEvent.BroadcastCommitted e) {
            out.writeByte(BROADCAST_COMMITTED);
            string(out, e.node());
            out.writeLong(e.number());
            string(out, e.from());
            string(out, e.text());
            out.writeLong(e.at());
            return;
        }
        if (event instanceof ClusterEvent.RoomCreated e) {
            out.writeByte(ROOM_CREATED);
            string(out, e.node());
            out.writeLong(e.roomId());
            out.writeInt(e.members().size());
            for (String member : e.members()) {
                string(out, member);
            }
            string(out, e.createdBy());
            out.writeLong(e.createdAt());
            return;
        }
        if (event instanceof ClusterEvent.RoomMessageCommitted e) {
            out.writeByte(ROOM_MESSAGE_COMMITTED);
            string(out, e.node());
            out.writeLong(e.roomId());
            out.writeLong(e.number());
            string(out, e.from());
            string(out, e.text());
            out.writeLong(e.at());
            return;
        }
        if (event instanceof ClusterEvent.PrivateAsked e) {
            out.writeByte(PRIVATE_ASKED);
            string(out, e.node());
            string(out, e.asker());
            string(out, e.target());
            string(out, e.fingerprint());
            return;
        }
        if (event instanceof ClusterEvent.ToUser e) {
            out.writeByte(TO_USER);
            string(out, e.node());
            string(out, e.user());
            string(out, e.eventJson());
            return;
        }
        if (event instanceof ClusterEvent.KickUser e) {
            out.writeByte(KICK_USER);
            string(out, e.node());
            string(out, e.user());
            out.writeLong(e.loginAt());
            return;
        }
        throw new IllegalArgumentException("no wire form for " + event.getClass());
    }

    private static ClusterEvent read(byte tag, DataInputStream in) throws IOException {
        return switch (tag) {
            case USER_ONLINE -> new ClusterEvent.UserOnline(string(in), string(in), in.readLong(), string(in),
                    in.readInt(), in.readInt());
            case USER_OFFLINE -> new ClusterEvent.UserOffline(string(in), string(in), in.readLong());
            case ACCOUNT_ADDED -> new ClusterEvent.AccountAdded(string(in), string(in), string(in));
            case BLOCK_CHANGED -> new ClusterEvent.BlockChanged(string(in), string(in), string(in), in.readBoolean());
            case DIRECT_COMMITTED -> new ClusterEvent.DirectCommitted(string(in), in.readLong(), string(in),
                    string(in), string(in), in.readLong());
            case BROADCAST_COMMITTED -> new ClusterEvent.BroadcastCommitted(string(in), in.readLong(), string(in),
                    string(in), in.readLong());
            case ROOM_CREATED -> {
                String node = string(in);
                long roomId = in.readLong();
                int count = in.readInt();
                if (count < 0 || count > in.available()) {
                    throw new IllegalArgumentException("room of " + count + " members");
                }
                List<String> members = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    members.add(string(in));
                }
                yield new ClusterEvent.RoomCreated(node, roomId, members, string(in), in.readLong());
            }
            case ROOM_MESSAGE_COMMITTED -> new ClusterEvent.RoomMessageCommitted(string(in), in.readLong(),
                    in.readLong(), string(in), string(in), in.readLong());
            case PRIVATE_ASKED -> new ClusterEvent.PrivateAsked(string(in), string(in), string(in), string(in));
            case TO_USER -> new ClusterEvent.ToUser(string(in), string(in), string(in));
            case KICK_USER -> new ClusterEvent.KickUser(string(in), string(in), in.readLong());
            default -> throw new IllegalArgumentException("unknown cluster event tag " + tag);
        };
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw new IllegalArgumentException("string of " + length + " bytes in " + in.available());
        }
        byte[] utf8 = in.readNBytes(length);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
