package org.parley.server.storage;

/**
 * Direct-message ids, assigned by the single writer so the schema needs no vendor-specific identity
 * column. Ids handed out in a transaction that rolls back are taken back, so committed ids stay dense.
 */
final class MessageIds {
    private long committed;
    private long next;

    MessageIds(long lastCommitted) {
        this.committed = lastCommitted;
        this.next = lastCommitted;
    }

    long next() {
        return ++next;
    }

    void commit() {
        committed = next;
    }

    void rollback() {
        next = committed;
    }
}
