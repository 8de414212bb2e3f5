package org.parley.server.storage;

public record BroadcastRecord(long number, String from, String text, long at) {}
