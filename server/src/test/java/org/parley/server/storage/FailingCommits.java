package org.parley.server.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Wraps the writer's driver so that the next COMMIT reports an error: either without committing
 * (the transaction stays open on the connection, as SQLite leaves it when a COMMIT fails with
 * SQLITE_BUSY or a deferred constraint), or after committing (the answer lost with the connection,
 * or an fsync error after the data reached the log). Thread-safe.
 */
final class FailingCommits implements UnaryOperator<DataSource> {

    enum Outcome { NOT_COMMITTED, COMMITTED }

    private final AtomicReference<Outcome> next = new AtomicReference<>();

    void failNextCommit(Outcome outcome) {
        next.set(outcome);
    }

    @Override
    public DataSource apply(DataSource real) {
        return proxy(DataSource.class, real, (method, args) -> {
            Object result = invoke(real, method, args);
            return result instanceof Connection connection ? connection(connection) : result;
        });
    }

    private Connection connection(Connection real) {
        return proxy(Connection.class, real, (method, args) -> {
            if (method.getName().equals("commit")) {
                Outcome outcome = next.getAndSet(null);
                if (outcome == Outcome.NOT_COMMITTED) {
                    throw new SQLException("injected fault: [SQLITE_FULL] database or disk is full");
                }
                if (outcome == Outcome.COMMITTED) {
                    real.commit();
                    throw new SQLException("injected fault: the answer to COMMIT was lost");
                }
            }
            return invoke(real, method, args);
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, T real, Handler handler) {
        InvocationHandler invocation = (proxy, method, args) -> handler.handle(method, args);
        return type.cast(Proxy.newProxyInstance(FailingCommits.class.getClassLoader(), new Class<?>[] {type}, invocation));
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(java.lang.reflect.Method method, Object[] args) throws Throwable;
    }
}
