package org.parley.server.core.store;

public record RoomMessageRecord(long roomId, long number, String from, String text, long at) {}
