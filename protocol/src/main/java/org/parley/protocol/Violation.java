package org.parley.protocol;

/** Why a frame was refused: a stable code and the line a user should see. */
public record Violation(ErrorCode code, String message) {}
