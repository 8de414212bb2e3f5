package org.parley.server.core.store;

public record DirectMessageRecord(String from, String to, String text, long at) {}
