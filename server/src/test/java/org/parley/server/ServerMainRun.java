package org.parley.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * One {@code ServerMain.run} in the test JVM: what it printed and returned. The run may set logger levels
 * ({@code --quiet} turns the console logger off, {@code --verbose} turns debug on); they are put back after it,
 * or a later test in the same JVM that reads the console lines would find them silenced.
 */
record ServerMainRun(int exitCode, String out, String err) {

    private static final String[] LOGGERS = {"parley.console", "org.parley"};

    String all() {
        return out + err;
    }

    static ServerMainRun of(String... args) {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level[] levels = new Level[LOGGERS.length];
        for (int i = 0; i < LOGGERS.length; i++) {
            levels[i] = logging.getLogger(LOGGERS[i]).getLevel();
        }
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ServerMain.run(args);
            return new ServerMainRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            for (int i = 0; i < LOGGERS.length; i++) {
                logging.getLogger(LOGGERS[i]).setLevel(levels[i]);
            }
        }
    }
}
