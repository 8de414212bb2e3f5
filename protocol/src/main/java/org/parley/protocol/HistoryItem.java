package org.parley.protocol;

/** One stored broadcast or room message; {@code roomId} is 0 for broadcasts. */
public record HistoryItem(long roomId, long number, String from, String text, long at) {}
