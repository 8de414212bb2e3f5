package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.ProtocolVersion;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
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
 * SPEC 5: an unanswered private-chat question is a decline. The answer timeout is not a server setting,
 * so this drives a {@link ChatCore} directly, with a short timeout, a real store and fake connections.
 */
class PrivateAnswerTimeoutTest {

    private static final String KEY = "SHA256:" + "A".repeat(42) + "Q";

    @TempDir
    Path dir;

    private Store store;
    private ExecutorService hashingThreads;
    private UserLog userLog;
    private ChatCore core;

    @BeforeEach
    void start() {
        Clock clock = Clock.systemDefaultZone();
        ZoneId zone = ZoneId.systemDefault();
        store = JdbcStore.open(StorageConfig.sqlite(dir.resolve("data")), new MessageLogs(dir, zone));
        hashingThreads = HashingService.newDedicatedExecutor(1, 16);
        userLog = new UserLog(dir, zone);
        core = new ChatCore(CoreConfig.defaults().withPrivateAnswerTimeout(Duration.ofMillis(300)), store, store.load(),
                new HashingService(new PhcPasswordHasher(HashCost.testing()), hashingThreads),
                new LoginLockout(3, Duration.ofSeconds(10), clock), LoginThrottle.withDefaults(clock),
                (user, hash) -> { }, userLog, Fanout.ONE_BY_ONE, clock);
    }

    @AfterEach
    void stop() {
        core.close();
        hashingThreads.shutdownNow();
        store.close();
        userLog.close();
    }

    @Test
    void anUnansweredQuestionTimesOutAsADecline() throws Exception {
        RecordingOutbound askerOut = new RecordingOutbound("127.0.0.2");
        RecordingOutbound targetOut = new RecordingOutbound("127.0.0.3");
        Session asker = register(askerOut, "tasker", 0);
        Session target = register(targetOut, "ttarget", 40000);

        core.receive(asker, new Request.StartPrivate(10, "ttarget", KEY));
        assertThat(askerOut.next(Response.class)).isEqualTo(new Response.Ok(10));
        assertThat(targetOut.next(Event.PrivateRequested.class)).isEqualTo(new Event.PrivateRequested("tasker"));

        assertThat(askerOut.next(Event.PrivateDeclined.class)).isEqualTo(new Event.PrivateDeclined("ttarget", true));
        assertThat(targetOut.next(Event.PrivateExpired.class)).isEqualTo(new Event.PrivateExpired("tasker"));
        core.receive(target, new Request.AnswerPrivate(11, "tasker", true, KEY));
        Response.Error late = targetOut.next(Response.Error.class);
        assertThat(late.code()).isEqualTo(ErrorCode.NO_PENDING_REQUEST);
    }

    @Test
    void anAnswerInTimeIsAPlainDeclineAndThePairCanAskAgain() throws Exception {
        RecordingOutbound askerOut = new RecordingOutbound("127.0.0.4");
        RecordingOutbound targetOut = new RecordingOutbound("127.0.0.5");
        Session asker = register(askerOut, "aasker", 0);
        Session target = register(targetOut, "atarget", 40000);

        core.receive(asker, new Request.StartPrivate(10, "atarget", KEY));
        targetOut.next(Event.PrivateRequested.class);
        core.receive(target, Request.AnswerPrivate.decline(11, "aasker"));
        assertThat(askerOut.next(Event.PrivateDeclined.class)).isEqualTo(new Event.PrivateDeclined("atarget", false));
        // the pair can be asked again at once, and this time it is accepted
        core.receive(asker, new Request.StartPrivate(12, "atarget", KEY));
        targetOut.next(Event.PrivateRequested.class);
        core.receive(target, new Request.AnswerPrivate(13, "aasker", true, KEY));
        assertThat(targetOut.next(Event.PrivateExpect.class).user()).isEqualTo("aasker");
    }

    private Session register(RecordingOutbound out, String user, int privatePort) throws InterruptedException {
        Session s = core.open(out);
        core.receive(s, new Request.Hello(1, ProtocolVersion.CURRENT, "test"));
        out.next(Response.HelloOk.class);
        core.receive(s, new Request.LoginUser(2, user));
        out.next(Response.LoginPrompt.class);
        core.receive(s, new Request.LoginPassword(3, user + "pw", 0, privatePort));
        assertThat(out.next(Response.LoggedIn.class).username()).isEqualTo(user);
        return s;
    }
}
