package org.parley.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what the server logs (every logger, through logback's root) while it is open, so tests can
 * check that a failure was logged once, at the right level, with its cause.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** A copy; the appender adds events from the server's threads under its own lock. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    public List<ILoggingEvent> at(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).toList();
    }

    /** The event's message with its arguments and, if any, its cause's class and message. */
    public static String describe(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        return e.getLevel() + " " + e.getFormattedMessage() + (t == null ? "" : " | cause " + t.getClassName() + ": " + t.getMessage());
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
