package org.parley.server.account;

/** What one failed login did to its account (SPEC 2.2). */
public enum FailureOutcome {
    /** Below the limit: {@code Invalid Password. Please try again}. */
    TRY_AGAIN,
    /** This failure reached the limit: {@code Invalid Password. Your account has been blocked...}. */
    NOW_BLOCKED,
    /** The account was already blocked; the failure changed nothing (the block is not extended). */
    ALREADY_BLOCKED
}
