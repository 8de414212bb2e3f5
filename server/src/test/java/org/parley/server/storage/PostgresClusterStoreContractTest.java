package org.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.parley.server.core.store.SavedRoom;
import org.parley.server.core.store.Store;

/**
 * The store contract for one node of a cluster: numbers from the database's counters in each commit,
 * the writer's state in its own node_state row. Same schema-per-test as {@link PostgresStoreContractTest}.
 * One rule differs, on purpose: a node's start leaves open login spans alone (they may be other nodes'
 * live sessions); the claims' release closes them ({@code JdbcClusterDirectory}).
 */
@EnabledIfEnvironmentVariable(named = "PARLEY_PG_URL", matches = ".+")
class PostgresClusterStoreContractTest extends PostgresStoreContractTest {

    @Override
    StorageConfig config() {
        return super.config().withClusterNode("node-1");
    }

    @Test
    @Override
    void everythingCommittedSurvivesARestartAndOpenSpansAreClosedAtTheLastCommit() throws Exception {
        Store store = JdbcStore.open(config());
        store.recordLogin("ann", 5_000).get();
        store.saveBroadcast("ann", "all", 9_600).get();
        store.close();

        Store reopened = JdbcStore.open(config());
        assertThat(reopened.load().lastBroadcastNumber()).isEqualTo(1);
        // still open: another node may be serving ann
        assertThat(reopened.usersOnlineSince(1_000_000).get()).containsExactly("ann");
        reopened.close();
    }

    @Test
    void twoNodesOnOneDatabaseShareTheSequences() throws Exception {
        Store one = JdbcStore.open(config());
        Store two = JdbcStore.open(super.config().withClusterNode("node-2"));
        assertThat(one.saveBroadcast("ann", "a", 1).get()).isEqualTo(1);
        assertThat(two.saveBroadcast("bob", "b", 2).get()).isEqualTo(2);
        long room = one.saveRoom(List.of("ann", "bob"), "ann", 3).get().room().id();
        assertThat(two.saveRoom(List.of("bob", "cid"), "bob", 4).get().room().id()).isEqualTo(room + 1);
        assertThat(two.saveRoomMessage(room, "bob", "x", 5).get()).isEqualTo(1);
        assertThat(one.saveRoomMessage(room, "ann", "y", 6).get()).isEqualTo(2);
        long first = one.saveOfflineMessage(new org.parley.server.core.store.DirectMessageRecord("ann", "bob", "m", 7)).get();
        assertThat(two.saveOfflineMessage(new org.parley.server.core.store.DirectMessageRecord("bob", "ann", "n", 8)).get())
                .isEqualTo(first + 1);
        one.close();
        two.close();
    }

    @Test
    void twoNodesBuildingTheSameRoomAtOnceGetOneRoom() throws Exception {
        Store one = JdbcStore.open(config());
        Store two = JdbcStore.open(super.config().withClusterNode("node-2"));
        for (int round = 0; round < 20; round++) {
            String other = "u" + round;
            var fromOne = one.saveRoom(List.of("ann", other), "ann", round);
            var fromTwo = two.saveRoom(List.of(other, "ann"), other, round);
            SavedRoom a = fromOne.get();
            SavedRoom b = fromTwo.get();
            assertThat(a.room().id()).as("round %d", round).isEqualTo(b.room().id());
            assertThat(List.of(a.existed(), b.existed())).as("round %d", round).containsExactlyInAnyOrder(true, false);
            assertThat(a.room()).isEqualTo(b.room());
        }
        assertThat(one.load().rooms()).hasSize(20);
        one.close();
        two.close();
    }
}
