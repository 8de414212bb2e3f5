package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.server.LogCapture;
import org.parley.server.account.HashCost;
import org.parley.server.account.HashingService;
import org.parley.server.account.LoginLockout;
import org.parley.server.account.LoginThrottle;
import org.parley.server.account.PhcPasswordHasher;
import org.parley.server.core.store.Store;
import org.parley.server.storage.JdbcStore;
import org.parley.server.storage.StorageConfig;
import org.parley.server.textlog.MessageLogs;
import org.parley.server.textlog.UserLog;

/**
 * A password check that could not run (the hashing pool refused it) is a server failure, logged and
 * answered INTERNAL, not a wrong password: it must not count towards the account's lockout. Drives a
 * {@link ChatCore} directly, because the hashing pool is not something a client can break.
 */
class HashFailureTest {

    @TempDir
    Path dir;

    private final AtomicBoolean refuse = new AtomicBoolean();
    private Store store;
    private ExecutorService hashingThreads;
    private UserLog userLog;
    private ChatCore core;
    private LogCapture log;

    @BeforeEach
    void start() {
        Clock clock = Clock.systemDefaultZone();
        ZoneId zone = ZoneId.systemDefault();
        store = JdbcStore.open(StorageConfig.sqlite(dir.resolve("data")), new MessageLogs(dir, zone));
        hashingThreads = HashingService.newDedicatedExecutor(1, 16);
        userLog = new UserLog(dir, zone);
        HashingService hashing = new HashingService(new PhcPasswordHasher(HashCost.testing()), task -> {
            if (refuse.get()) {
                throw new RejectedExecutionException("hashing queue full (injected)");
            }
            hashingThreads.execute(task);
        });
        core = new ChatCore(CoreConfig.defaults(), store, store.load(), hashing,
                new LoginLockout(1, Duration.ofMinutes(10), clock), LoginThrottle.withDefaults(clock),
                (user, hash) -> { }, userLog, Fanout.ONE_BY_ONE, clock);
        log = new LogCapture();
    }

    @AfterEach
    void stop() {
        log.close();
        core.close();
        hashingThreads.shutdownNow();
        store.close();
        userLog.close();
    }

    @Test
    void aHashThatCannotBeComputedIsAnsweredInternalLoggedAndNoLockoutStrike() throws Exception {
        RecordingOutbound out = new RecordingOutbound("127.0.0.2");
        Session s = core.open(out);
        core.receive(s, new Request.Hello(1, ProtocolVersion.CURRENT, "test"));
        out.next(Response.HelloOk.class);
        core.receive(s, new Request.LoginUser(2, "hhash"));
        out.next(Response.LoginPrompt.class);
        core.receive(s, new Request.LoginPassword(3, "hhashpw", 0, 0));
        out.next(Response.LoggedIn.class);
        core.receive(s, new Request.Logout(4));
        out.next(Response.Bye.class);

        refuse.set(true);
        RecordingOutbound again = new RecordingOutbound("127.0.0.3");
        Session t = core.open(again);
        core.receive(t, new Request.Hello(1, ProtocolVersion.CURRENT, "test"));
        again.next(Response.HelloOk.class);
        core.receive(t, new Request.LoginUser(2, "hhash"));
        again.next(Response.LoginPrompt.class);
        core.receive(t, new Request.LoginPassword(3, "hhashpw", 0, 0));

        Response.Error e = again.next(Response.Error.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(log.at(Level.ERROR)).singleElement().satisfies(event -> assertThat(LogCapture.describe(event))
                .contains("checking the password of hhash failed")
                .contains("hashing queue full (injected)"));

        // one failure would block the account (attempts = 1), had it been counted as a wrong password
        refuse.set(false);
        core.receive(t, new Request.LoginUser(4, "hhash"));
        again.next(Response.LoginPrompt.class);
        core.receive(t, new Request.LoginPassword(5, "hhashpw", 0, 0));
        assertThat(again.next(Response.LoggedIn.class).username()).isEqualTo("hhash");
    }
}
