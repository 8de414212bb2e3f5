package org.parley.transfer;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.transfer.seal.DroppedDatagrams;

/** Captures a transfer's outcome as futures a test can wait on. */
final class RecordingListener implements TransferListener {
    final CompletableFuture<Path> completed = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final AtomicLong bytesDone = new AtomicLong();
    final CompletableFuture<DroppedDatagrams> dropped = new CompletableFuture<>();

    @Override
    public void dropped(DroppedDatagrams counts) {
        dropped.complete(counts);
    }

    @Override
    public void progress(long done, long total, double bytesPerSecond) {
        bytesDone.accumulateAndGet(done, Math::max);
    }

    @Override
    public void completed(Path savedAs) {
        completed.complete(savedAs);
    }

    @Override
    public void failed(String reason) {
        failed.complete(reason);
    }
}
