package org.parley.server.core.store;

import java.util.Objects;

/**
 * What {@link Store#saveRoom} stored: the new room, or ({@code existed}) the room of the same members that
 * another node committed first, with its own id, creator and time. A single server never asks to store a room
 * whose members it holds, so it sees the second only when a commit it was told had failed took effect after all.
 */
public record SavedRoom(RoomRecord room, boolean existed) {
    public SavedRoom {
        Objects.requireNonNull(room, "room");
    }
}
