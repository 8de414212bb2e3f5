package org.parley.server.storage;

public record DirectMessageRecord(String from, String to, String text, long at) {}
