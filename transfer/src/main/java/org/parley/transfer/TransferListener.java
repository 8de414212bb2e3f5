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
     * What this end dropped of the transfer (forged, corrupted, replayed, from strangers): called once when a
     * transfer that got under way ends, either way, just before {@link #completed} or {@link #failed}. A
     * transfer refused before it started (a file that cannot be read, an unsafe name) reports no counts.
     */
    default void dropped(DroppedDatagrams dropped) {
    }

    /** The transfer ended without a verified file; {@code reason} is a sentence for a human. */
    default void failed(String reason) {
    }

    TransferListener NONE = new TransferListener() {
    };
}
