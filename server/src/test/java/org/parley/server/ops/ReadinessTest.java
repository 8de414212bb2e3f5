package org.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.parley.server.storage.StoreStatusFixture;

class ReadinessTest {

    private final StoreStatusFixture store = new StoreStatusFixture();
    private final Readiness readiness = new Readiness(store.status());

    @Test
    void notReadyUntilAccepting() {
        assertThat(readiness.notReadyBecause()).hasValueSatisfying(r -> assertThat(r).startsWith("starting"));
        readiness.accepting();
        assertThat(readiness.notReadyBecause()).isEmpty();
    }

    @Test
    void aFailingStoreMakesItNotReadyAndIsProbedOnceAtATimeUntilACommitSucceeds() {
        readiness.accepting();
        store.fail(new SQLException("database is locked"));

        assertThat(readiness.notReadyBecause()).hasValue("store failing: java.sql.SQLException: database is locked");
        assertThat(readiness.notReadyBecause()).isPresent();
        assertThat(store.probes()).as("one probe in flight, not one per question").isEqualTo(1);

        store.commit(1_000);
        assertThat(readiness.notReadyBecause()).isEmpty();
    }

    @Test
    void drainingIsNeverReadyAgainWhateverElseHolds() {
        readiness.accepting();
        readiness.draining();
        store.commit(1_000);
        assertThat(readiness.notReadyBecause()).hasValue("draining: the server is shutting down");
        assertThat(readiness.isDraining()).isTrue();
    }
}
