package io.emrdag.deploy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The DAG folder of a deploy target as a flat key space with S3's semantics: listing with entity tags, and
 * conditional writes that decide races. Keys are relative to the target's prefix ('/' separators).
 *
 * <p>Every write the deployer makes is conditional ({@link Condition}), so that two deploys, or a deploy and a
 * person, can never overwrite each other's changes unnoticed: a failed condition raises
 * {@link PreconditionFailedException}.
 */
public interface ObjectStore extends AutoCloseable {

    /** Where the folder is, for messages: {@code s3://bucket/prefix/} or a local path. */
    String describe();

    /** Every object under the prefix, by key. */
    Map<String, RemoteObject> list();

    /** An object's content and entity tag, or empty when it does not exist. */
    Optional<Fetched> get(String key);

    /**
     * Writes {@code content} under {@code key} if {@code condition} holds; returns the new entity tag.
     *
     * @throws PreconditionFailedException when the condition does not hold
     */
    String put(String key, byte[] content, String contentType, Condition condition);

    /**
     * Deletes {@code key} if its entity tag is still {@code etag}.
     *
     * @throws PreconditionFailedException when the object changed meanwhile
     */
    void delete(String key, String etag);

    /** The time now on the store's clock (S3: the server's {@code Date}), so that lock expiry ignores local skew. */
    Instant now();

    /** Requests made so far, by kind (LIST, GET, PUT, DELETE): the plan's "requests" figure. */
    Map<String, Integer> requestCounts();

    @Override
    void close();

    /** An object as listed: its entity tag (quotes removed) and size. */
    record RemoteObject(String etag, long size) {
    }

    /** An object's content, entity tag and last-modified time on the store's clock. */
    record Fetched(byte[] content, String etag, Instant lastModified) {
    }

    /** The precondition of a write: none, "must not exist", or "must still have this entity tag". */
    record Condition(Kind kind, String etag) {

        enum Kind { NONE, ABSENT, MATCHES }

        public static Condition none() {
            return new Condition(Kind.NONE, null);
        }

        public static Condition absent() {
            return new Condition(Kind.ABSENT, null);
        }

        public static Condition matches(String etag) {
            return new Condition(Kind.MATCHES, etag);
        }

        /** Absent when {@code etag} is null (the object did not exist when read), else matches it. */
        public static Condition unchangedSince(String etag) {
            return etag == null ? absent() : matches(etag);
        }
    }
}
