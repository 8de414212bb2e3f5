package org.parley.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to launch the packaged jars: the same JDK as the tests, tuned for a quick start on a busy machine. */
public final class Java {

    private Java() {}

    /**
     * A client process: its {@code user.home} is a temporary directory of this test run, so neither its
     * input history nor a known-servers file ever lands in the home of the user running the tests.
     */
    public static List<String> clientCommand(Path jar, List<String> args) {
        List<String> command = command(jar, List.of());
        command.add(command.indexOf("-jar"), "-Duser.home=" + TestHome.DIR);
        command.addAll(args);
        return command;
    }

    private static final class TestHome {
        static final Path DIR = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("parley-e2e-home-");
                dir.toFile().deleteOnExit();
                return dir;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot make a home directory for test clients", e);
            }
        }
    }

    public static List<String> command(Path jar, List<String> args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Runnable jar not found: " + jar + " (package the server and client first)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // short-lived processes: C1 only starts faster and costs the shared CPUs less
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Duser.language=en");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /** A jar path from a system property set by the e2e POM, or the conventional place when run from the IDE. */
    static Path jar(String property, String fallback) {
        String configured = System.getProperty(property);
        return Path.of(configured != null ? configured : fallback).toAbsolutePath().normalize();
    }
}
