package org.parley.client.format;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One line of chat output as parts with a tone each, so that a terminal can colour the time, the kind
 * and the sender while a script gets the same characters plain. Immutable.
 */
public record StyledLine(List<Part> parts) {

    /** What a part of the line is, for the console to choose its colour. */
    public enum Tone { TIME, DIRECT, BROADCAST, ROOM, PRIVATE, SENDER, TEXT }

    public record Part(Tone tone, String text) {}

    public StyledLine {
        parts = List.copyOf(parts);
    }

    /** The characters of the line without any styling. */
    public String plain() {
        return parts.stream().map(Part::text).collect(Collectors.joining());
    }

    @Override
    public String toString() {
        return plain();
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        Builder add(Tone tone, String text) {
            if (!text.isEmpty()) {
                parts.add(new Part(tone, text));
            }
            return this;
        }

        Builder text(String text) {
            return add(Tone.TEXT, text);
        }

        StyledLine build() {
            return new StyledLine(parts);
        }
    }
}
