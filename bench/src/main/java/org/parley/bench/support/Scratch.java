package org.parley.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A scratch directory for one scenario, removed afterwards unless the user asked to keep it. */
public final class Scratch implements AutoCloseable {

    private final Path dir;
    private final boolean keep;

    private Scratch(Path dir, boolean keep) {
        this.dir = dir;
        this.keep = keep;
    }

    public static Scratch create(String scenario, boolean keep) throws IOException {
        return new Scratch(Files.createTempDirectory("parley-bench-" + scenario), keep);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (keep) {
            System.err.println("kept " + dir);
        } else {
            ServerProcess.deleteTree(dir);
        }
    }
}
