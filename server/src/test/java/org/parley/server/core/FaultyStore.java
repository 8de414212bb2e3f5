package org.parley.server.core;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.parley.server.core.store.Store;

/**
 * A real store with faults a test switches on per method: {@link #fail} makes a method's futures fail
 * ({@link #failNext} only the next one),
 * {@link #answer} makes it complete with a given value (a wrong one, to make a continuation throw).
 * Every other call goes to the real store. A dynamic proxy, so it follows the {@link Store} interface
 * as it grows.
 */
public final class FaultyStore implements InvocationHandler {

    private final Store real;
    private final Map<String, Supplier<CompletableFuture<?>>> faults = new ConcurrentHashMap<>();

    private FaultyStore(Store real) {
        this.real = real;
    }

    /** Wraps {@code real}; {@code handle} receives the handle to switch faults with. */
    public static Store around(Store real, java.util.function.Consumer<FaultyStore> handle) {
        FaultyStore faulty = new FaultyStore(real);
        handle.accept(faulty);
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, faulty);
    }

    /** From now on, {@code method}'s futures fail with {@code cause}. */
    public void fail(String method, Throwable cause) {
        faults.put(method, () -> CompletableFuture.failedFuture(cause));
    }

    /** The next call of {@code method} fails with {@code cause}; later ones go to the real store. */
    public void failNext(String method, Throwable cause) {
        java.util.concurrent.atomic.AtomicBoolean spent = new java.util.concurrent.atomic.AtomicBoolean();
        faults.put(method, () -> spent.getAndSet(true) ? null : CompletableFuture.failedFuture(cause));
    }

    /** From now on, {@code method}'s futures complete with {@code value} (null allowed). */
    public void answer(String method, Object value) {
        faults.put(method, () -> CompletableFuture.completedFuture(value));
    }

    public void heal() {
        faults.clear();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Supplier<CompletableFuture<?>> fault = faults.get(method.getName());
        if (fault != null && CompletableFuture.class.isAssignableFrom(method.getReturnType())) {
            CompletableFuture<?> faulty = fault.get();
            if (faulty != null) {
                return faulty;
            }
        }
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
