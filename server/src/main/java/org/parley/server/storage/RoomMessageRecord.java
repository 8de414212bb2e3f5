package org.parley.server.storage;

public record RoomMessageRecord(long roomId, long number, String from, String text, long at) {}
