package dev.vireo.state;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sql.DataSource;

/**
 * Keeps up to {@code size} idle connections of another DataSource open for reuse: opening a
 * SQLite connection (file, pragmas) costs more than most of the daemon's queries. A connection
 * comes back with auto-commit on or is discarded; one whose own methods failed (not a
 * statement's) is closed, not reused.
 */
final class ConnectionPool extends PlainDataSource implements AutoCloseable {
    private final DataSource target;
    private final BlockingQueue<Connection> idle;

    ConnectionPool(DataSource target, int size) {
        this.target = target;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c;
        while ((c = idle.poll()) != null) {
            if (!c.isClosed()) {
                return lease(c);
            }
        }
        return lease(target.getConnection());
    }

    private Connection lease(Connection physical) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean returned;
            private boolean broken;

            @Override
            public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
                switch (method.getName()) {
                    case "close" -> {
                        if (!returned) {
                            returned = true;
                            giveBack(physical, broken);
                        }
                        return null;
                    }
                    case "isClosed" -> {
                        return returned || physical.isClosed();
                    }
                    default -> {
                        if (returned) {
                            throw new SQLException("connection already closed");
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            broken = true;
                            throw e.getCause();
                        }
                    }
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private void giveBack(Connection physical, boolean broken) throws SQLException {
        if (broken || physical.isClosed() || !physical.getAutoCommit() || !idle.offer(physical)) {
            physical.close();
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("the pool's connections have fixed credentials");
    }
}
