package org.parley.server.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The web client's files, read once from the server jar's {@code web/} resources. Only the files named
 * here are served, so no request path can reach anything else on the class path. Immutable.
 */
final class WebAssets {

    /** A file ready to send. */
    record Asset(byte[] bytes, String contentType) {}

    static final List<String> FILES = List.of(
            "index.html", "style.css", "app.js", "protocol.js", "commands.js", "view.js", "favicon.svg");

    private final Map<String, Asset> byPath;

    private WebAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    /** Fails at startup, not at the first visitor, when a file is missing from the jar. */
    static WebAssets load() {
        Map<String, Asset> byPath = new TreeMap<>();
        for (String name : FILES) {
            try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the server jar lacks its web client file web/" + name);
                }
                byPath.put("/" + name, new Asset(in.readAllBytes(), contentType(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the web client file web/" + name, e);
            }
        }
        byPath.put("/", byPath.get("/index.html"));
        return new WebAssets(Map.copyOf(byPath));
    }

    /** The file at a request path, or null. */
    Asset at(String path) {
        return byPath.get(path);
    }

    private static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type for " + name);
        };
    }
}
