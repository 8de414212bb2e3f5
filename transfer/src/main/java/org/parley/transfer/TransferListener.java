package org.parley.transfer;

import java.nio.file.Path;
import org.parley.transfer.seal.DroppedDatagrams;

/**
 * Progress and outcome of one transfer. Called from the endpoint's own threads, so implementations must
 * return quickly and must not block; exceptions they throw are logged and ignored.
 */
public interface TransferListener {
    /** Called at most a few times per second while bytes move. */
    default void progress(long bytesDone, long bytesTotal, double bytesPerSecond) {
    }

    /** Audience: the verified file now has its final name. Presenter: the audience confirmed the file. */
    default void completed(Path savedAs) {
    }

    /**
     * Called once when the transfer ends, either way, just before {@link #completed} or {@link #failed}: what
     * this end dropped of it (forged, corrupted, replayed, from strangers).
     */
    default void dropped(DroppedDatagrams dropped) {
    }

    /** The transfer ended without a verified file; {@code reason} is a sentence for a human. */
    default void failed(String reason) {
    }

    TransferListener NONE = new TransferListener() {
    };
}
