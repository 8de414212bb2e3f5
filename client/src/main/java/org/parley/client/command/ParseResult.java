package org.parley.client.command;

/** What the parser made of a line: a command to run, or the line to show the user instead. */
public sealed interface ParseResult {

    record Parsed(Command command) implements ParseResult {}

    /** A usage line or an error; printed as is, the server is not contacted. */
    record Rejected(String message) implements ParseResult {}
}
