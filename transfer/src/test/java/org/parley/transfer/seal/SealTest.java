package org.parley.transfer.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.parley.transfer.wire.PacketType;
import org.parley.transfer.wire.Wire;

/** The seal layer on its own: AES-256-GCM per datagram, nonces, the replay window and what gets counted. */
class SealTest {
    private static final long ID = 0x0102030405060708L;

    private final TransferKey key = TransferKey.random();
    private final Seal presenter = Sealing.aead().forTransfer(key, ID, Role.PRESENTER);
    private final Seal audience = Sealing.aead().forTransfer(key, ID, Role.AUDIENCE);
    private final ByteBuffer scratch = ByteBuffer.allocate(65_536);

    private static ByteBuffer encoded(int type, int bodyBytes, long seed) {
        ByteBuffer b = ByteBuffer.allocate(Wire.HEADER_BYTES + bodyBytes);
        Wire.begin(b, type, ID);
        byte[] body = new byte[bodyBytes];
        new Random(seed).nextBytes(body);
        b.put(body);
        Wire.finish(b);
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** A sealed copy the test owns (the sealer's own buffer is reused by the next seal on this thread). */
    private static ByteBuffer sealed(Seal seal, ByteBuffer encoded) {
        return ByteBuffer.wrap(bytes(seal.sealer().seal(encoded)));
    }

    @Test
    void sealThenOpenGivesBackTheExactEncodedDatagramAndHidesTheBody() {
        for (int size : new int[] {0, 1, 15, 16, 17, 1000, 1422, 65_000}) {
            ByteBuffer plain = encoded(PacketType.DATA, size, size);
            ByteBuffer onWire = sealed(presenter, plain);

            assertThat(onWire.remaining()).isEqualTo(plain.remaining() + Sealing.aead().overhead());
            assertThat(onWire.getShort(0)).isEqualTo(Wire.MAGIC);
            assertThat(onWire.get(2)).isEqualTo((byte) 3);
            assertThat(onWire.get(3)).isEqualTo((byte) PacketType.DATA);
            assertThat(onWire.getInt(4)).isEqualTo(Role.PRESENTER.nonceConstant());
            assertThat(onWire.getLong(8)).isEqualTo(ID);
            if (size >= 16) {
                byte[] cipherBody = new byte[16];
                onWire.get(24, cipherBody);
                byte[] clearBody = new byte[16];
                plain.get(Wire.HEADER_BYTES, clearBody);
                assertThat(cipherBody).as("the body is encrypted").isNotEqualTo(clearBody);
            }
            ByteBuffer opened = audience.opener().open(onWire, scratch);
            assertThat(opened).isNotNull();
            assertThat(bytes(opened)).as("%d-byte body", size).isEqualTo(bytes(plain));
        }
        assertThat(audience.opener().drops().snapshot()).isEqualTo(DroppedDatagrams.NONE);
    }

    @Test
    void aChangedByteAnywhereOrATruncationIsDroppedAndCountedAndTheTrueDatagramStillOpens() {
        ByteBuffer onWire = sealed(presenter, encoded(PacketType.ACK, 300, 1));
        byte[] original = bytes(onWire);
        int forged = 0;
        for (int i = 0; i < original.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] copy = original.clone();
                copy[i] ^= (byte) (1 << bit);
                assertThat(audience.opener().open(ByteBuffer.wrap(copy), scratch)).as("byte %d bit %d", i, bit)
                        .isNull();
                forged++;
            }
        }
        for (int length = 0; length < original.length; length++) {
            assertThat(audience.opener().open(ByteBuffer.wrap(original, 0, length).slice(), scratch))
                    .as("cut to %d bytes", length).isNull();
            forged++;
        }
        assertThat(audience.opener().drops().snapshot()).isEqualTo(new DroppedDatagrams(0, forged, 0));
        assertThat(audience.opener().open(ByteBuffer.wrap(original), scratch))
                .as("forgeries did not move the replay window").isNotNull();
    }

    @Test
    void aDatagramSealedUnderAnotherKeyIsDropped() {
        Seal stranger = Sealing.aead().forTransfer(TransferKey.random(), ID, Role.PRESENTER);
        ByteBuffer onWire = sealed(stranger, encoded(PacketType.OFFER, 80, 2));

        assertThat(audience.opener().open(onWire, scratch)).isNull();
        assertThat(audience.opener().drops().snapshot().unauthentic()).isEqualTo(1);
    }

    @Test
    void aDatagramReflectedBackToItsOwnSenderIsDropped() {
        ByteBuffer onWire = sealed(presenter, encoded(PacketType.DATA, 80, 3));

        assertThat(presenter.opener().open(onWire, scratch)).as("the presenter reads only audience datagrams")
                .isNull();
        assertThat(presenter.opener().drops().snapshot().unauthentic()).isEqualTo(1);
    }

    @Test
    void aReplayIsDroppedAndCountedWhileReorderedDatagramsOpenOnceEach() {
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(bytes(presenter.sealer().seal(encoded(PacketType.DATA, 40, i))));
        }
        for (int i = sent.size() - 1; i >= 0; i--) {
            assertThat(audience.opener().open(ByteBuffer.wrap(sent.get(i)), scratch)).as("#%d late", i).isNotNull();
        }
        for (byte[] again : sent) {
            assertThat(audience.opener().open(ByteBuffer.wrap(again), scratch)).isNull();
        }
        assertThat(audience.opener().drops().snapshot()).isEqualTo(new DroppedDatagrams(0, 0, 50));
    }

    @Test
    void everySealTakesAFreshNonceRetransmissionsIncludedFromAnyThread() throws Exception {
        ByteBuffer retransmitted = encoded(PacketType.DATA, 64, 4);
        Set<String> nonces = ConcurrentHashMap.newKeySet();
        Set<String> ciphertexts = ConcurrentHashMap.newKeySet();
        int threads = 4;
        int each = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        ByteBuffer onWire = presenter.sealer().seal(retransmitted.duplicate());
                        assertThat(nonces.add(onWire.getInt(4) + ":" + onWire.getLong(16))).isTrue();
                        ciphertexts.add(java.util.HexFormat.of().formatHex(bytes(onWire)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(nonces).hasSize(threads * each);
        assertThat(ciphertexts).as("the same datagram never goes out twice alike").hasSize(threads * each);
        ByteBuffer answer = audience.sealer().seal(encoded(PacketType.ACK, 10, 5));
        assertThat(answer.getLong(16)).as("the audience counts from 0 too").isZero();
        assertThat(nonces).doesNotContain(answer.getInt(4) + ":" + answer.getLong(16));
    }

    @Test
    void theSealerLeavesItsInputAsItWas() {
        ByteBuffer plain = encoded(PacketType.PING, 4, 6);
        byte[] before = bytes(plain);
        presenter.sealer().seal(plain);
        assertThat(plain.position()).isZero();
        assertThat(bytes(plain)).isEqualTo(before);
    }

    @Test
    void theBenchmarksUnsealedModeRoundTripsAndCatchesCorruptionOnly() {
        Seal plainPresenter = Sealing.checksumOnly().forTransfer(key, ID, Role.PRESENTER);
        Seal plainAudience = Sealing.checksumOnly().forTransfer(key, ID, Role.AUDIENCE);
        ByteBuffer plain = encoded(PacketType.DATA, 100, 7);
        byte[] onWire = bytes(plainPresenter.sealer().seal(plain));
        assertThat(onWire).hasSize(Wire.HEADER_BYTES + 100);
        assertThat(Sealing.checksumOnly().looksLike(ByteBuffer.wrap(onWire))).isTrue();
        assertThat(Sealing.aead().looksLike(ByteBuffer.wrap(onWire))).as("sealed endpoints refuse it").isFalse();
        assertThat(plainAudience.opener().open(ByteBuffer.wrap(onWire), scratch)).isNotNull();
        onWire[40] ^= 1;
        assertThat(plainAudience.opener().open(ByteBuffer.wrap(onWire), scratch)).isNull();
        assertThat(plainAudience.opener().drops().snapshot().unauthentic()).isEqualTo(1);
    }

    /**
     * The example in PROTOCOL-UDP.md, which an independent AES-GCM implementation reproduces: key bytes 0..31,
     * transfer 42, the presenter's first datagram (counter 0) a PING with ts 1300.
     */
    @Test
    void theDocumentedExampleIsWhatGoesOnTheWire() {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        TransferKey documented = TransferKey.of(raw);
        assertThat(documented.toBase64()).isEqualTo("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        Seal first = Sealing.aead().forTransfer(documented, 42, Role.PRESENTER);
        ByteBuffer ping = ByteBuffer.allocate(64);
        Wire.begin(ping, PacketType.PING, 42);
        ping.putInt(1300);
        Wire.finish(ping);

        assertThat(java.util.HexFormat.of().formatHex(bytes(first.sealer().seal(ping))))
                .isEqualTo("504c030850524553000000000000002a0000000000000000"
                        + "89d3dea8" + "aabfc5779fb584da29dbde9dd9d68e77");
    }

    @Test
    void aKeyHasOneTextAndNeverShowsItself() {
        TransferKey k = TransferKey.random();
        assertThat(TransferKey.fromBase64(k.toBase64())).isEqualTo(k);
        assertThat(k.toBase64()).hasSize(TransferKey.TEXT_CHARS);
        assertThat(k.toString()).doesNotContain(k.toBase64());
        String text = k.toBase64();
        Set<Character> canonicalLast = new HashSet<>();
        for (char c : "AEIMQUYcgkosw048".toCharArray()) {
            canonicalLast.add(c);
        }
        assertThat(canonicalLast).contains(text.charAt(42));
        for (String bad : new String[] {null, "", text.substring(1), text + "=", text.substring(0, 42) + "B",
                "+" + text.substring(1)}) {
            assertThat(TransferKey.isCanonicalBase64(bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
