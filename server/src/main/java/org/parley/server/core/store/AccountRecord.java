package org.parley.server.core.store;

/** A user and the PHC string of their salted slow password hash; never a clear password. */
public record AccountRecord(String username, String passwordHash) {
    @Override
    public String toString() {
        return "AccountRecord[username=" + username + "]";
    }
}
