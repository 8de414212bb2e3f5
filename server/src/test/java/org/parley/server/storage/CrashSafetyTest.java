package org.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.Timestamps;
import org.parley.server.core.store.BroadcastRecord;
import org.parley.server.core.store.Store;
import org.parley.server.textlog.MessageLogs;

/**
 * Kills a writing process with SIGKILL at a random moment and checks that every broadcast it was told
 * had committed is there after a restart, exactly once, with no gaps, and that messagelog.txt agrees.
 */
class CrashSafetyTest {

    private static final Pattern ACK = Pattern.compile("ACK (\\d+)");

    @TempDir
    Path dataDir;

    @TempDir
    Path logDir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAcknowledgedBroadcastSurvivesSigkill() throws Exception {
        long seed = Long.getLong("parley.crash.seed", System.nanoTime());
        System.out.println("CrashSafetyTest seed: " + seed + " (rerun with -Dparley.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        TreeSet<Long> acknowledged = new TreeSet<>();

        for (int cycle = 0; cycle < 3; cycle++) {
            int killAfter = 1 + random.nextInt(2000);
            Process child = startWriter();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int seen = 0;
                String line;
                while (seen < killAfter && (line = out.readLine()) != null) {
                    seen += record(line, acknowledged);
                }
                assertThat(seen).as("the writer stopped acknowledging early (exit %s)", exitValue(child))
                        .isEqualTo(killAfter);
                // SIGKILL through the handle: Process.destroyForcibly would also close our end of its stdout.
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
                // What it printed before it died was acknowledged too.
                while ((line = out.readLine()) != null) {
                    record(line, acknowledged);
                }
            } finally {
                child.destroyForcibly();
            }
            verify(acknowledged);
        }
    }

    private Process startWriter() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashWriterMain.class.getName(),
                dataDir.toString(), logDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** A line cut short by the kill can only read as a smaller number, which was acknowledged earlier. */
    private static int record(String line, TreeSet<Long> acknowledged) {
        Matcher ack = ACK.matcher(line);
        if (!ack.matches()) {
            return 0;
        }
        acknowledged.add(Long.parseLong(ack.group(1)));
        return 1;
    }

    private void verify(TreeSet<Long> acknowledged) throws Exception {
        MessageLogs logs = new MessageLogs(logDir, ZoneOffset.UTC);
        try (Store store = JdbcStore.open(StorageConfig.sqlite(dataDir), logs)) {
            List<BroadcastRecord> broadcasts = store.broadcastsAfter(Long.MIN_VALUE).get(20, TimeUnit.SECONDS);
            long last = store.load().lastBroadcastNumber();

            assertThat(last).isGreaterThanOrEqualTo(acknowledged.last());
            assertThat(broadcasts).extracting(BroadcastRecord::number)
                    .isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
            assertThat(broadcasts).extracting(BroadcastRecord::text)
                    .allSatisfy(text -> assertThat(text).startsWith("message "));
            List<String> expectedLines = broadcasts.stream()
                    .map(b -> b.number() + "; " + Timestamps.format(b.at(), ZoneOffset.UTC) + "; crash; " + b.text())
                    .toList();
            assertThat(Files.readAllLines(logs.broadcastLog(), StandardCharsets.UTF_8)).isEqualTo(expectedLines);
        }
    }

    private static String exitValue(Process process) {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }
}
