package org.parley.server.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreContractTest extends StoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    StorageConfig config() {
        return StorageConfig.sqlite(dataDir.resolve("nested/data"));
    }
}
