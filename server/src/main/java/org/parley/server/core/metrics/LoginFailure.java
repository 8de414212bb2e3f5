package org.parley.server.core.metrics;

import java.util.Locale;

/** Why a login step was refused: a small fixed set, so it can be a metric's label. */
public enum LoginFailure {
    /** A username with no account, when registration is off. */
    UNKNOWN_USER,
    WRONG_PASSWORD,
    /** Blocked by the lockout, before or because of this attempt. */
    ACCOUNT_BLOCKED,
    ALREADY_LOGGED_IN,
    /** The per-address or per-account login throttle. */
    THROTTLED,
    /** A registration refused: the name just taken, the account cap or the registration rate. */
    REGISTRATION_REFUSED,
    /** The server could not check or store the password. */
    ERROR;

    /** The label value: {@code wrong_password}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
