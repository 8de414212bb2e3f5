package org.parley.server.core.store;

/** An offline message as stored, with the id used to mark it delivered. */
public record StoredDirectMessage(long id, DirectMessageRecord message) {}
