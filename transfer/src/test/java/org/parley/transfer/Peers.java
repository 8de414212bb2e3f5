package org.parley.transfer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.transfer.seal.TransferKey;

/**
 * Two endpoints on loopback joined by a {@link LossyRelay}: "presenter" and "audience" each also can play the
 * other role, which the two-way test uses. Tickets are issued here as the server would issue them.
 */
final class Peers implements AutoCloseable {
    private static final AtomicLong IDS = new AtomicLong(1000);

    final TransferEndpoint presenter;
    final TransferEndpoint audience;
    final LossyRelay relay;

    Peers(TransferConfig config, LossyRelay.Impairment impairment, long seed) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        presenter = TransferEndpoint.bind(any, config);
        audience = TransferEndpoint.bind(any, config);
        relay = new LossyRelay(local(presenter), local(audience), impairment, seed);
    }

    static InetSocketAddress local(TransferEndpoint endpoint) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port());
    }

    /** Expects on {@code to} and sends from {@code from}; the relay carries it. */
    Upload upload(TransferEndpoint from, TransferEndpoint to, Path file, Path downloadDir, String name)
            throws IOException {
        String sha = FileDigest.sha256Hex(file);
        return upload(from, to, file, downloadDir, name, sha, sha, "token-ok", "token-ok");
    }

    Upload upload(TransferEndpoint from, TransferEndpoint to, Path file, Path downloadDir, String name,
                  String shaForAudience, String shaForPresenter, String audienceToken, String presenterToken)
            throws IOException {
        TransferKey key = TransferKey.random();
        return upload(from, to, file, downloadDir, name, shaForAudience, shaForPresenter, audienceToken,
                presenterToken, key, key);
    }

    /** As the server would, unless the test gives the two ends different keys. */
    Upload upload(TransferEndpoint from, TransferEndpoint to, Path file, Path downloadDir, String name,
                  String shaForAudience, String shaForPresenter, String audienceToken, String presenterToken,
                  TransferKey audienceKey, TransferKey presenterKey) throws IOException {
        long id = IDS.incrementAndGet();
        long size = java.nio.file.Files.size(file);
        String presenterName = from == presenter ? "yoda" : "luke";
        InetSocketAddress audienceAddress = from == presenter ? relay.forA() : relay.forB();
        RecordingListener received = new RecordingListener();
        to.expect(new IncomingTransfer(id, audienceToken, presenterName, name, size, shaForAudience,
                audienceKey), downloadDir,
                received);
        RecordingListener sent = new RecordingListener();
        CompletableFuture<TransferOutcome> outcome = from.send(new OutgoingTransfer(id, presenterToken,
                presenterName, name, audienceAddress, size, shaForPresenter, presenterKey), file, sent);
        return new Upload(id, presenterName + "_" + name, outcome, sent, received);
    }

    record Upload(long id, String finalName, CompletableFuture<TransferOutcome> outcome, RecordingListener sent,
                  RecordingListener received) {
    }

    @Override
    public void close() throws InterruptedException {
        presenter.close();
        audience.close();
        relay.close();
    }
}
