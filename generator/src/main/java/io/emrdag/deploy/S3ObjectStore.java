package io.emrdag.deploy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A DAG folder in S3 ({@code s3://bucket/prefix/}), through the AWS SDK with its retry strategy.
 *
 * <p>A retried conditional write can fail its own condition: the first attempt reached S3, the answer was
 * lost with the connection, and the retry finds the object already written. On a failed condition the store
 * therefore looks at the object and counts the write as done when it holds exactly the bytes sent (an MD5
 * entity tag, as S3 gives for single-part uploads without KMS).
 */
final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final RequestCounter requests = new RequestCounter();
    private final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);

    S3ObjectStore(AwsSettings settings, String bucket, String prefix, int connections) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.s3 = AwsClients.s3(settings, connections, new ServerClock());
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public Map<String, RemoteObject> list() {
        Map<String, RemoteObject> objects = new TreeMap<>();
        call(() -> {
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).forEach(page -> {
                count("LIST");
                for (S3Object object : page.contents()) {
                    objects.put(object.key().substring(prefix.length()), new RemoteObject(unquote(object.eTag()), object.size()));
                }
            });
            return null;
        }, "list " + describe());
        return objects;
    }

    @Override
    public Optional<Fetched> get(String key) {
        count("GET");
        return call(() -> {
            try {
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + key));
                GetObjectResponse response = bytes.response();
                return Optional.of(new Fetched(bytes.asByteArray(), unquote(response.eTag()), response.lastModified()));
            } catch (NoSuchKeyException e) {
                return Optional.<Fetched>empty();
            }
        }, "read " + describe() + key);
    }

    @Override
    public String put(String key, byte[] content, String contentType, Condition condition) {
        count("PUT");
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType(contentType)
                .contentMD5(ContentHash.md5Base64(content));
        switch (condition.kind()) {
            case ABSENT -> request.ifNoneMatch("*");
            case MATCHES -> request.ifMatch(quote(condition.etag()));
            case NONE -> { }
        }
        return call(() -> {
            try {
                return unquote(s3.putObject(request.build(), RequestBody.fromBytes(content)).eTag());
            } catch (S3Exception e) {
                if (isConditionFailure(e) && condition.kind() != Condition.Kind.NONE && !isMissingBucket(e)) {
                    return writtenByUs(key, content).orElseThrow(() -> new PreconditionFailedException(key));
                }
                throw e;
            }
        }, "upload " + describe() + key);
    }

    @Override
    public void delete(String key, String etag) {
        count("DELETE");
        call(() -> {
            try {
                s3.deleteObject(r -> r.bucket(bucket).key(prefix + key).ifMatch(quote(etag)));
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && !isMissingBucket(e)) {
                    return null;
                }
                if (isConditionFailure(e) && !isMissingBucket(e)) {
                    throw new PreconditionFailedException(key);
                }
                throw e;
            }
            return null;
        }, "delete " + describe() + key);
    }

    @Override
    public Instant now() {
        return Instant.now().plus(clockOffset.get());
    }

    @Override
    public Map<String, Integer> requestCounts() {
        return requests.snapshot();
    }

    @Override
    public void close() {
        s3.close();
    }

    /** The entity tag of {@code key} when it holds exactly {@code content}. */
    private Optional<String> writtenByUs(String key, byte[] content) {
        count("HEAD");
        try {
            String etag = unquote(s3.headObject(r -> r.bucket(bucket).key(prefix + key)).eTag());
            return etag.equals(ContentHash.md5(content)) ? Optional.of(etag) : Optional.empty();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** 412 (condition false), 409 (a concurrent conditional write won) and, for If-Match, 404 (gone). */
    private static boolean isConditionFailure(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404;
    }

    private static boolean isMissingBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private void count(String kind) {
        requests.count(kind);
    }

    private <T> T call(Supplier<T> action, String what) {
        try {
            return action.get();
        } catch (SdkException e) {
            throw AwsFailures.translate(e, what, "s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on " + describe());
        }
    }

    static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    /**
     * Keeps the offset between the local clock and the server's {@code Date} header. The header changes once a
     * second: a response with the same text as the last one parsed changes nothing and is not parsed again, since
     * date parsing on every response is a visible share of the client's CPU in a deploy of thousands of files.
     */
    private final class ServerClock implements ExecutionInterceptor {

        private volatile String lastParsed;

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            context.httpResponse().firstMatchingHeader("Date").ifPresent(date -> {
                if (date.equals(lastParsed)) {
                    return;
                }
                lastParsed = date;
                try {
                    Instant server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    clockOffset.set(Duration.between(Instant.now(), server));
                } catch (DateTimeParseException ignored) {
                    // A server without a parsable Date header leaves the local clock in charge.
                }
            });
        }
    }
}
