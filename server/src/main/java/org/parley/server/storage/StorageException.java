package org.parley.server.storage;

/** The database could not be opened, read or written; the cause says why. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
