package io.emrdag.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emrdag.diagnostic.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one-deploy-at-a-time lock of a DAG folder: an object created with "must not exist" (S3
 * {@code If-None-Match: *}), so that of two deploys starting together exactly one wins, and the other learns
 * who holds it. A lease, not a promise: the holder renews it (a conditional write on its own entity tag) every
 * third of its time to live; a lock not renewed for a whole time to live belongs to a crashed deploy and the
 * next deploy takes it over, again with a conditional write, so only one can.
 */
final class DeployLock implements AutoCloseable {

    static final String KEY = ".emrdag/deploy.lock";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ObjectStore store;
    private final Holder holder;
    private final AtomicReference<String> etag = new AtomicReference<>();
    private final AtomicReference<String> lostTo = new AtomicReference<>();
    private final ScheduledExecutorService renewer;
    private final AtomicInteger renewals = new AtomicInteger();

    /** Who holds the lock; written into it so that a loser can name the winner. */
    record Holder(@JsonProperty("deploy_id") String deployId, @JsonProperty("owner") String owner,
            @JsonProperty("started_at") String startedAt, @JsonProperty("ttl_seconds") long ttlSeconds,
            @JsonProperty("renewed") int renewed) {

        String describe() {
            return "deploy " + deployId + " by " + owner + " (started " + startedAt + ")";
        }

        byte[] toJson() {
            try {
                return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("a lock always serializes", e);
            }
        }
    }

    private DeployLock(ObjectStore store, Holder holder, String etag) {
        this.store = store;
        this.holder = holder;
        this.etag.set(etag);
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emrdag-lock-renewer");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, holder.ttlSeconds() * 1000 / 3);
        renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock or throws {@link DeployConflictException} naming the deploy that holds it and when its
     * lease ends.
     */
    static DeployLock acquire(ObjectStore store, String deployId, String owner, Duration ttl, Progress progress) {
        Holder holder = new Holder(deployId, owner, store.now().toString(), Math.max(1, ttl.toSeconds()), 0);
        try {
            return new DeployLock(store, holder, store.put(KEY, holder.toJson(), "application/json", ObjectStore.Condition.absent()));
        } catch (PreconditionFailedException held) {
            Optional<ObjectStore.Fetched> current = store.get(KEY);
            if (current.isEmpty()) {
                // Released between our write and our read: one more try decides it.
                return acquireOnce(store, holder);
            }
            Holder other = parse(current.get().content());
            Instant expires = current.get().lastModified().plusSeconds(other == null ? ttl.toSeconds() : other.ttlSeconds());
            String who = other == null ? "an unreadable lock" : other.describe();
            if (store.now().isBefore(expires)) {
                throw new DeployConflictException("another deploy is running on " + store.describe() + ": " + who
                        + "; its lock is held until at least " + expires + System.lineSeparator()
                        + "  hint: wait for it and deploy again; a crashed deploy's lock lapses when not renewed for its time to live");
            }
            try {
                String taken = store.put(KEY, holder.toJson(), "application/json", ObjectStore.Condition.matches(current.get().etag()));
                progress.report("took over the lapsed lock of " + who + " (not renewed since " + current.get().lastModified() + ")");
                return new DeployLock(store, holder, taken);
            } catch (PreconditionFailedException lost) {
                throw new DeployConflictException("another deploy took over the lapsed lock on " + store.describe()
                        + " first" + System.lineSeparator() + "  hint: wait for it and deploy again");
            }
        }
    }

    private static DeployLock acquireOnce(ObjectStore store, Holder holder) {
        try {
            return new DeployLock(store, holder, store.put(KEY, holder.toJson(), "application/json", ObjectStore.Condition.absent()));
        } catch (PreconditionFailedException e) {
            throw new DeployConflictException("another deploy is starting on " + store.describe()
                    + System.lineSeparator() + "  hint: wait for it and deploy again");
        }
    }

    private static Holder parse(byte[] json) {
        try {
            return JSON.readValue(json, Holder.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Throws when another deploy has taken the lock over: every write checks this first. */
    void ensureHeld() {
        if (lostTo.get() != null) {
            throw new DeployConflictException("this deploy lost its lock on " + store.describe() + " (" + lostTo.get()
                    + "): it was not renewed in time, and another deploy took over" + System.lineSeparator()
                    + "  hint: run the deploy again; it converges, and a longer --lock-ttl avoids this on a slow link");
        }
    }

    String deployId() {
        return holder.deployId();
    }

    private synchronized void renew() {
        if (lostTo.get() != null) {
            return;
        }
        Holder renewed = new Holder(holder.deployId(), holder.owner(), holder.startedAt(), holder.ttlSeconds(), renewals.incrementAndGet());
        try {
            etag.set(store.put(KEY, renewed.toJson(), "application/json", ObjectStore.Condition.matches(etag.get())));
        } catch (PreconditionFailedException e) {
            lostTo.set("the lock object changed");
        } catch (RuntimeException e) {
            // A failed renewal is retried at the next period; the lease is three periods long.
        }
    }

    /** Releases the lock (a conditional delete: a lock taken over by someone else is left to them). */
    @Override
    public synchronized void close() {
        renewer.shutdownNow();
        if (lostTo.get() == null) {
            try {
                store.delete(KEY, etag.get());
            } catch (PreconditionFailedException e) {
                lostTo.set("the lock object changed");
            }
        }
    }
}
