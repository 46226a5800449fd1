package dev.vireo.state;

/** The embedded single-host store. */
class SqliteStateStoreTest extends StateStoreContract {
    @Override
    JdbcStateStore open(boolean reopen) {
        return JdbcStateStore.sqlite(dir.resolve("vireo.db"));
    }
}
