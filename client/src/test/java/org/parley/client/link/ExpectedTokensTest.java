package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.parley.tls.Fingerprint;

class ExpectedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private static final Fingerprint KEY = new Fingerprint("SHA256:" + "A".repeat(42) + "Q");
    private static final Fingerprint OTHER_KEY = new Fingerprint("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");

    private final ExpectedTokens tokens = new ExpectedTokens(Duration.ofNanos(100), 3, now::get);

    @Test
    void tokenIsGoodOnceForTheNamedPeer() {
        tokens.expect("yoda", "t1", KEY);

        assertThat(tokens.redeem("yoda", "t1", KEY)).isTrue();
        assertThat(tokens.redeem("yoda", "t1", KEY)).isFalse();
    }

    @Test
    void unknownTokenIsRefused() {
        tokens.expect("yoda", "t1", KEY);

        assertThat(tokens.redeem("yoda", "t2", KEY)).isFalse();
    }

    @Test
    void tokenPresentedUnderAnotherNameIsRefusedButNotSpent() {
        tokens.expect("yoda", "t1", KEY);

        assertThat(tokens.redeem("vader", "t1", KEY)).isFalse();
        assertThat(tokens.redeem("yoda", "t1", KEY)).isTrue();
    }

    @Test
    void tokenExpiresAfterItsLifetime() {
        tokens.expect("yoda", "t1", KEY);
        now.addAndGet(100);

        assertThat(tokens.redeem("yoda", "t1", KEY)).isFalse();
    }

    @Test
    void tokenIsGoodJustBeforeItExpires() {
        tokens.expect("yoda", "t1", KEY);
        now.addAndGet(99);

        assertThat(tokens.redeem("yoda", "t1", KEY)).isTrue();
    }

    @Test
    void holdsAtMostCapacityLiveTokens() {
        assertThat(tokens.expect("a", "t1", KEY)).isTrue();
        assertThat(tokens.expect("b", "t2", KEY)).isTrue();
        assertThat(tokens.expect("c", "t3", KEY)).isTrue();

        assertThat(tokens.expect("d", "t4", KEY)).isFalse();
        assertThat(tokens.redeem("d", "t4", KEY)).isFalse();
    }

    @Test
    void expiredTokensMakeRoomForNewOnes() {
        tokens.expect("a", "t1", KEY);
        tokens.expect("b", "t2", KEY);
        tokens.expect("c", "t3", KEY);
        now.addAndGet(100);

        assertThat(tokens.expect("d", "t4", KEY)).isTrue();
        assertThat(tokens.redeem("d", "t4", KEY)).isTrue();
    }

    @Test
    void clearForgetsEveryToken() {
        tokens.expect("yoda", "t1", KEY);
        tokens.clear();

        assertThat(tokens.redeem("yoda", "t1", KEY)).isFalse();
    }

    @Test
    void missingPeerOrTokenIsRefused() {
        tokens.expect("yoda", "t1", KEY);

        assertThat(tokens.redeem(null, "t1", KEY)).isFalse();
        assertThat(tokens.redeem("yoda", null, KEY)).isFalse();
        assertThat(tokens.redeem("yoda", "t1", null)).isFalse();
        assertThat(tokens.redeem("yoda", "t1", KEY)).isTrue();
    }

    @Test
    void tokenPresentedWithAnotherCertificateIsRefusedButNotSpent() {
        tokens.expect("yoda", "t1", KEY);

        assertThat(tokens.redeem("yoda", "t1", OTHER_KEY)).isFalse();
        assertThat(tokens.redeem("yoda", "t1", KEY)).isTrue();
    }

    @Test
    void aTokenIsBoundToTheCertificateOfItsOwnExpectation() {
        tokens.expect("yoda", "t1", KEY);
        tokens.expect("vader", "t2", OTHER_KEY);

        // vader's certificate is expected, but only with vader's own token
        assertThat(tokens.redeem("yoda", "t1", OTHER_KEY)).isFalse();
        assertThat(tokens.redeem("vader", "t1", OTHER_KEY)).isFalse();
        assertThat(tokens.redeem("vader", "t2", OTHER_KEY)).isTrue();
        assertThat(tokens.redeem("yoda", "t1", KEY)).isTrue();
    }

    @Test
    void theTrustedCertificatesAreThoseOfLiveCredentials() {
        assertThat(tokens.fingerprints()).isEmpty();
        tokens.expect("yoda", "t1", KEY);
        now.addAndGet(50);
        tokens.expect("vader", "t2", OTHER_KEY);
        assertThat(tokens.fingerprints()).containsExactlyInAnyOrder(KEY, OTHER_KEY);

        assertThat(tokens.redeem("vader", "t2", OTHER_KEY)).isTrue();
        assertThat(tokens.fingerprints()).containsExactly(KEY);
        now.addAndGet(50);
        assertThat(tokens.fingerprints()).as("expired").isEmpty();
    }
}
