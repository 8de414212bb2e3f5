package org.parley.transfer.receive;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The directory fsync after a received file's rename: done where it can be, and a failure is not silent. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows cannot open a directory to force it")
class FileAssemblerDirectoryTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(FileAssembler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void aDirectoryIsForcedWithoutAWord(@TempDir Path dir) {
        assertThat(FileAssembler.forceDirectory(dir)).isTrue();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeForcedIsLoggedOnceWithItsCause(@TempDir Path dir) {
        Path gone = dir.resolve("removed meanwhile");
        assertThat(FileAssembler.forceDirectory(gone)).isFalse();
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains(gone.toString(), "may not survive a power loss");
            assertThat(e.getThrowableProxy()).isNotNull();
        });
    }
}
