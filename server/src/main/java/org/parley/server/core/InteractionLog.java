package org.parley.server.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console line per interaction (SPEC 1.1), on its own logger so that {@code --quiet} can silence
 * it without touching diagnostics.
 */
public final class InteractionLog {

    private static final Logger CONSOLE = LoggerFactory.getLogger("parley.console");

    void record(Object who, String what) {
        if (CONSOLE.isInfoEnabled()) {
            CONSOLE.info("{} {}", who, what);
        }
    }
}
