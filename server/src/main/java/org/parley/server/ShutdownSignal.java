package org.parley.server;

import org.slf4j.LoggerFactory;

/**
 * SIGTERM, the signal a service manager (systemd, Kubernetes, a container runtime) stops a server with,
 * taken over from the JVM through {@code sun.misc.Signal}.
 *
 * <p>Why not only a shutdown hook: a JVM ended by a signal exits with 128 + its number (143 for
 * SIGTERM) whatever its hooks do, and a service manager counts that as a failure unless told
 * otherwise; and a hook cannot give up on a stop that hangs (calling {@code exit} from a hook blocks).
 * With the handler, SIGTERM only asks the main thread to stop; it drains, commits, and returns 0 from
 * {@code main} itself, or 1 when the shutdown timeout passes. {@code sun.misc.Signal} is the JDK's
 * supported-though-unofficial API for this (module {@code jdk.unsupported}, which is there to stay
 * until a replacement exists); where it is missing or refuses the signal, the shutdown hook still stops
 * the server cleanly, only with status 143.
 */
final class ShutdownSignal {

    private ShutdownSignal() {
    }

    /** Runs {@code onSignal} (on the JVM's signal thread: it must only hand the work on) at SIGTERM. */
    static boolean onTerm(Runnable onSignal) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> onSignal.run());
            return true;
        } catch (IllegalArgumentException | LinkageError e) {
            LoggerFactory.getLogger(ShutdownSignal.class).warn("cannot take over SIGTERM ({}); a SIGTERM still stops"
                    + " the server cleanly, through the shutdown hook, with exit status 143", e.toString());
            return false;
        }
    }
}
