package org.parley.client.shell;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.parley.client.api.ServerErrorException;
import org.parley.client.command.Command;
import org.parley.client.session.ChatSession;
import org.parley.client.session.NotConnectedException;
import org.parley.protocol.Event;
import org.parley.protocol.Response;
import org.parley.protocol.Validation;
import org.parley.transfer.FileDigest;
import org.parley.transfer.IncomingTransfer;
import org.parley.transfer.OutgoingTransfer;
import org.parley.transfer.TransferEndpoint;
import org.parley.transfer.TransferFailedException;
import org.parley.transfer.TransferListener;
import org.parley.transfer.seal.TransferKey;

/**
 * UDP uploads in the shell (SPEC 6). An upload runs in the background: the file is hashed, the server
 * authorises it and says where the audience is, and the bytes go straight to the audience's UDP port.
 * The user keeps working meanwhile; a terminal shows progress, a script sees the start and end lines.
 * Every datagram is sealed under the key the server gave both ends; an upload whose key is malformed is
 * refused before anything is sent or awaited.
 */
final class Uploads implements AutoCloseable {
    private static final String MALFORMED_KEY = "the server sent a malformed transfer key";

    private final ChatSession client;
    private final TransferEndpoint endpoint;
    private final Path downloadDir;
    private final ShellOutput output;
    private final StatusArea status;
    private final ExecutorService hashing = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-upload-prep");
        t.setDaemon(true);
        return t;
    });

    Uploads(ChatSession client, TransferEndpoint endpoint, Path downloadDir, ShellOutput output, StatusArea status) {
        this.client = client;
        this.endpoint = endpoint;
        this.downloadDir = downloadDir;
        this.output = output;
        this.status = status;
    }

    void upload(Command.Upload c) {
        Path file = c.file();
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            output.print("Error. " + file + " does not exist or cannot be read");
            return;
        }
        if (!Validation.isSafeFileName(name)) {
            output.print("Error. Invalid file name: " + name);
            return;
        }
        CompletableFuture.supplyAsync(() -> digest(file), hashing)
                .thenCompose(d -> client.call(p -> p.authorizeUpload(c.user(), name, d.size(), d.sha256()))
                        .thenCompose(ticket -> send(ticket, file, name, d)))
                .whenComplete((done, err) -> {
                    status.remove(key(name, c.user()));
                    output.print(err == null ? name + " has been uploaded" : failure(err, name, c.user()));
                });
    }

    private CompletableFuture<?> send(Response.UploadTicket ticket, Path file, String name, Digest d) {
        if (!Validation.isTransferKey(ticket.key())) {
            return CompletableFuture.failedFuture(new TransferFailedException(MALFORMED_KEY));
        }
        String self = client.username().orElseThrow();
        output.print("Uploading " + name + " to " + ticket.user() + " (" + d.size() + " bytes)");
        var outgoing = new OutgoingTransfer(ticket.transferId(), ticket.token(), self, name,
                new InetSocketAddress(ticket.host(), ticket.port()), d.size(), d.sha256(),
                TransferKey.fromBase64(ticket.key()));
        String key = key(name, ticket.user());
        return endpoint.send(outgoing, file, new TransferListener() {
            @Override
            public void progress(long bytesDone, long bytesTotal, double bytesPerSecond) {
                status.progress(key, "UDP " + name + " to " + ticket.user(), bytesDone, bytesTotal, bytesPerSecond);
            }
        });
    }

    /**
     * The server authorised an upload to this user: expect it on the UDP port. Or the other end of an upload
     * left: end it now, with the one line its failure prints, instead of after the transfer's idle timeout.
     */
    boolean onEvent(Event event) {
        if (event instanceof Event.UploadCancelled c) {
            // Already finished or failed here: nothing to say, the user has had the transfer's last line.
            endpoint.abort(c.transferId(), gone(c));
            return true;
        }
        if (!(event instanceof Event.UploadIncoming e)) {
            return false;
        }
        if (!Validation.isTransferKey(e.key())) {
            output.print("Error. Upload of " + e.fileName() + " from " + e.from() + " refused: " + MALFORMED_KEY);
            return true;
        }
        String key = key(e.fileName(), e.from());
        var ticket = new IncomingTransfer(e.transferId(), e.token(), e.from(), e.fileName(), e.size(), e.sha256(),
                TransferKey.fromBase64(e.key()));
        endpoint.expect(ticket, downloadDir, new TransferListener() {
            @Override
            public void progress(long bytesDone, long bytesTotal, double bytesPerSecond) {
                status.progress(key, "UDP " + e.fileName() + " from " + e.from(), bytesDone, bytesTotal, bytesPerSecond);
            }

            @Override
            public void completed(Path savedAs) {
                status.remove(key);
                // the spec's line stays as it is; where the file went is a line of its own, since a taken
                // name gets a number ("yoda_big (1).bin") rather than replacing the file already there
                output.print(List.of("Received " + e.fileName() + " from " + e.from(),
                        "Saved as " + shown(savedAs, Path.of("").toAbsolutePath())));
            }

            @Override
            public void failed(String reason) {
                status.remove(key);
                output.print("Error. Upload of " + e.fileName() + " from " + e.from() + " failed: " + reason);
            }
        });
        return true;
    }

    static String gone(Event.UploadCancelled c) {
        return switch (c.reason()) {
            case LOGGED_OUT -> c.user() + " logged out";
            case TIMED_OUT -> c.user() + " was logged out for inactivity";
            case DISCONNECTED -> c.user() + " lost the connection";
        };
    }

    private static String key(String file, String user) {
        return file + "\u0000" + user;
    }

    private static String failure(Throwable err, String name, String user) {
        Throwable cause = err;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ServerErrorException || cause instanceof NotConnectedException) {
            return cause.getMessage();
        }
        String why = cause instanceof TransferFailedException failed ? failed.reason() : cause.getMessage();
        return "Error. Upload of " + name + " to " + user + " failed: " + why;
    }

    /** {@code saved} as {@code ./name} when it is under {@code workingDir}, else as its absolute path. */
    static String shown(Path saved, Path workingDir) {
        Path absolute = saved.toAbsolutePath().normalize();
        Path base = workingDir.toAbsolutePath().normalize();
        if (absolute.startsWith(base) && !absolute.equals(base)) {
            return "." + absolute.getFileSystem().getSeparator() + base.relativize(absolute);
        }
        return absolute.toString();
    }

    private static Digest digest(Path file) {
        try {
            return new Digest(Files.size(file), FileDigest.sha256Hex(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record Digest(long size, String sha256) {}

    @Override
    public void close() {
        hashing.shutdownNow();
        endpoint.close();
    }
}
