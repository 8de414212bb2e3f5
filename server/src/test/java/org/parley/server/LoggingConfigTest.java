package org.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped logback.xml (not the tests' own): diagnostics, ERROR and WARN, go to standard error, and
 * {@code --quiet}, which turns the interaction logger off, does not silence them.
 */
class LoggingConfigTest {

    @Test
    void errorsAndWarningsGoToStandardErrorEvenWhenQuiet() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LoggingConfigTest.class.getResource("/logback.xml"));
        ServerMain.configureLogging(context, true, false);

        for (String name : List.of("org.parley.server.core.Faults", "org.parley.server.net.ChannelOutbound",
                "org.parley.server.textlog.UserLog", "org.parley.server.ParleyServer")) {
            Logger logger = context.getLogger(name);
            assertThat(logger.isEnabledFor(Level.ERROR)).as(name).isTrue();
            assertThat(logger.isEnabledFor(Level.WARN)).as(name).isTrue();
            assertThat(targets(logger)).as(name).containsExactly("System.err");
        }
        assertThat(context.getLogger("parley.console").isEnabledFor(Level.INFO)).as("--quiet").isFalse();
        assertThat(targets(context.getLogger("parley.console"))).containsExactly("System.out");
    }

    /** The console targets an event of {@code logger} reaches, following additivity up to the root. */
    private static List<String> targets(Logger logger) {
        List<String> targets = new ArrayList<>();
        LoggerContext context = logger.getLoggerContext();
        for (Logger l = logger; l != null; l = parent(context, l)) {
            for (var it = l.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> a = it.next();
                if (a instanceof ConsoleAppender<ILoggingEvent> console) {
                    targets.add(console.getTarget());
                }
            }
            if (!l.isAdditive()) {
                break;
            }
        }
        return targets;
    }

    private static Logger parent(LoggerContext context, Logger l) {
        String name = l.getName();
        if (name.equals(Logger.ROOT_LOGGER_NAME)) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        return context.getLogger(dot < 0 ? Logger.ROOT_LOGGER_NAME : name.substring(0, dot));
    }
}
