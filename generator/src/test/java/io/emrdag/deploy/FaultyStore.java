package io.emrdag.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store that dies (like a killed process: every later call fails, the lock is never released) after a given
 * number of writes, records the order of writes, runs a check after each one, and can shift its clock.
 */
final class FaultyStore implements ObjectStore {

    /** Thrown by every call once the store is dead. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("killed");
        }
    }

    private final ObjectStore delegate;
    private final int writesBeforeDeath;
    private final Consumer<ObjectStore> afterEachWrite;
    private final Duration clockShift;
    private final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean dead;

    FaultyStore(ObjectStore delegate, int writesBeforeDeath, Consumer<ObjectStore> afterEachWrite, Duration clockShift) {
        this.delegate = delegate;
        this.writesBeforeDeath = writesBeforeDeath;
        this.afterEachWrite = afterEachWrite;
        this.clockShift = clockShift;
    }

    List<String> writes() {
        return List.copyOf(writes);
    }

    private synchronized void beforeWrite(String what) {
        if (dead || writes.size() >= writesBeforeDeath) {
            dead = true;
            throw new Killed();
        }
        writes.add(what);
    }

    private void alive() {
        if (dead) {
            throw new Killed();
        }
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public Map<String, RemoteObject> list() {
        alive();
        return delegate.list();
    }

    @Override
    public Optional<Fetched> get(String key) {
        alive();
        return delegate.get(key);
    }

    @Override
    public String put(String key, byte[] content, String contentType, Condition condition) {
        if (key.equals(DeployLock.KEY) && condition.kind() == Condition.Kind.MATCHES && !dead && writes.contains("PUT " + key)) {
            return delegate.put(key, content, contentType, condition);
        }
        beforeWrite("PUT " + key);
        String etag = delegate.put(key, content, contentType, condition);
        afterEachWrite.accept(delegate);
        return etag;
    }

    @Override
    public void delete(String key, String etag) {
        beforeWrite("DELETE " + key);
        delegate.delete(key, etag);
        afterEachWrite.accept(delegate);
    }

    @Override
    public Instant now() {
        return delegate.now().plus(clockShift);
    }

    @Override
    public Map<String, Integer> requestCounts() {
        return delegate.requestCounts();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
