package org.parley.server.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the core tells the operator that something failed: at ERROR, with what was being done,
 * for whom, and the cause's stack trace. Diagnostics go to standard error whatever {@code --quiet}
 * says (see logback.xml). Callers log a failure here once, where it is handled; nobody logs it on its
 * way. Stateless: safe from any thread.
 */
final class Faults {

    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private Faults() {}

    /** {@code doing} is a phrase such as "storing broadcast 7"; {@code who} names the session or user. */
    static void log(String doing, Object who, Throwable cause) {
        Throwable root = unwrap(cause);
        LOG.error("{} failed for {}: {}", doing, who, root, root);
    }

    /** A continuation that could not run because the core thread had stopped (shutdown). */
    static void dropped(String doing, Object who, Throwable cause) {
        LOG.warn("the core thread had stopped; the rest of {} for {} was dropped: {}", doing,
                who == null ? "the server" : who, unwrap(cause).toString());
    }

    /** The futures' wrappers say nothing; the cause inside does. */
    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
