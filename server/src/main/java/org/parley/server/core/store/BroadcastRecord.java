package org.parley.server.core.store;

public record BroadcastRecord(long number, String from, String text, long at) {}
