package dev.vireo.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPoolTest {
    @TempDir
    Path dir;

    /** The SQLite DataSource, counting the physical connections it opens. */
    private DataSource counting(AtomicInteger opened) {
        DataSource sqlite = DataSources.sqlite(dir.resolve("pool.db"));
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        opened.incrementAndGet();
                    }
                    return method.invoke(sqlite, args);
                });
    }

    @Test
    void reusesAClosedConnectionAndRefusesUseAfterClose() throws SQLException {
        AtomicInteger opened = new AtomicInteger();
        try (ConnectionPool pool = new ConnectionPool(counting(opened), 2)) {
            Connection first = pool.getConnection();
            first.close();
            assertThat(first.isClosed()).isTrue();
            assertThatThrownBy(first::createStatement).isInstanceOf(SQLException.class);
            try (Connection second = pool.getConnection(); Statement st = second.createStatement()) {
                st.execute("SELECT 1");
            }
            assertThat(opened).hasValue(1);
        }
    }

    @Test
    void aFailedStatementLeavesTheConnectionUsableButOneLeftInATransactionIsNotReused() throws SQLException {
        AtomicInteger opened = new AtomicInteger();
        try (ConnectionPool pool = new ConnectionPool(counting(opened), 2)) {
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("SELECT * FROM no_such_table")).isInstanceOf(SQLException.class);
            }
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT 1");
                c.setAutoCommit(false);
            }
            assertThat(opened).as("the failed statement's connection was reused").hasValue(1);
            try (Connection c = pool.getConnection()) {
                assertThat(c.getAutoCommit()).isTrue();
            }
            assertThat(opened).as("the one left in a transaction was not").hasValue(2);
        }
    }
}
