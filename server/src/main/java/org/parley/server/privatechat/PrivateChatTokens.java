package org.parley.server.privatechat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Issues the one-time token that lets an asker open a private-chat link to a target (SPEC 5).
 *
 * <p>The server only mints the token and hands it to both clients; it keeps no record of it. The
 * target's client is the one that checks it (it was told to expect exactly this token from exactly this
 * asker, once), so the server never sits on the private-chat path. 128 random bits make guessing
 * hopeless; base64url keeps the token a single printable word on the wire. Thread-safe.
 */
public final class PrivateChatTokens {

    /** 128 bits of entropy per token. */
    static final int TOKEN_BYTES = 16;

    private final SecureRandom random;
    private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

    public PrivateChatTokens() {
        this(new SecureRandom());
    }

    PrivateChatTokens(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A fresh token for {@code asker} to present to {@code target}. The pair is checked here so that a
     * broker bug (a chat with oneself, a missing name) fails loudly instead of minting a useless token.
     */
    public String issue(String asker, String target) {
        Objects.requireNonNull(asker, "asker");
        Objects.requireNonNull(target, "target");
        if (asker.equals(target)) {
            throw new IllegalArgumentException("a private chat needs two different users, got " + asker + " twice");
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return encoder.encodeToString(bytes);
    }
}
