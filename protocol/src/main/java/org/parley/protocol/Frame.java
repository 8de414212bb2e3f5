package org.parley.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One newline-delimited JSON object on the client-server connection. The {@code type} property names
 * the record; requests carry an {@code id} that their response echoes; events are pushed by the server.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface Frame permits Request, Response, Event {
}
