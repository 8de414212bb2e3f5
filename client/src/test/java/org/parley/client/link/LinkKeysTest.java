package org.parley.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The private-link key is made once, at first need, whoever asks first and however many ask at once. */
class LinkKeysTest {

    @Test
    void madeOnceWhenManyAskAtOnce() {
        LinkKeys keys = new LinkKeys(Duration.ofDays(1), Set::of);
        List<CompletableFuture<LinkKeys.Made>> asks = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(keys::get)).toList();
        LinkKeys.Made first = asks.get(0).join();
        assertThat(asks).allSatisfy(a -> assertThat(a.join()).isSameAs(first));
        assertThat(keys.get()).isSameAs(first);
    }
}
