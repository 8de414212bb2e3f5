package org.parley.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to launch the packaged jars: the same JDK as the tests, tuned for a quick start on a busy machine. */
public final class Java {

    private Java() {}

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
