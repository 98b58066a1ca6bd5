package io.emrdag.deploy;

import io.emrdag.diagnostic.EnvironmentException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLException;
import org.apache.http.HttpHost;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the SDK clients the deployer uses. Transient failures (5xx, throttling, timeouts, cut connections)
 * are left to the SDK's standard retry strategy with exponential backoff and jitter: emrdag has no retry loop
 * of its own.
 */
final class AwsClients {

    private AwsClients() {
    }

    static S3Client s3(AwsSettings settings, int connections, ExecutionInterceptor interceptor) {
        // The Apache client is built on another thread while this one builds the S3 client (each loads a few
        // hundred classes; the Apache one also parses the public suffix list); the S3 client owns it, so closing
        // the S3 client closes its connection pool.
        var builder = S3Client.builder()
                .httpClientBuilder(new BuiltInBackground(() -> httpClient(settings, connections, settings.s3Endpoint())))
                .overrideConfiguration(overrides(settings).toBuilder().addExecutionInterceptor(interceptor)
                        .addExecutionInterceptor(new NoExpectContinueForSmallBodies()).build())
                .region(region(settings.s3Endpoint()))
                .crossRegionAccessEnabled(settings.s3Endpoint() == null)
                // Uploads carry Content-MD5 (S3 rejects a body that does not match it): the same end-to-end check
                // as the SDK's default CRC32 trailer, without streaming the body in aws-chunked encoding.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                // No aws-chunked bodies: over plain http (an S3-compatible endpoint) the SDK would otherwise sign every
                // upload chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) where one SHA-256 of a small body does;
                // over https S3 gets UNSIGNED-PAYLOAD either way, and Content-MD5 still guards the body.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (settings.s3Endpoint() != null) {
            // S3-compatible servers on a plain host name do not resolve virtual-hosted bucket names.
            builder.endpointOverride(settings.s3Endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }

    static MwaaClient mwaa(AwsSettings settings) {
        var overrides = overrides(settings).toBuilder();
        var builder = MwaaClient.builder().httpClient(httpClient(settings, 4, settings.mwaaEndpoint())).region(region(settings.mwaaEndpoint()));
        if (settings.mwaaEndpoint() != null) {
            // The SDK prefixes MWAA hosts with "api." / "env."; a loopback or proxy endpoint has no such hosts.
            overrides.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true);
            builder.endpointOverride(settings.mwaaEndpoint());
        }
        return builder.overrideConfiguration(overrides.build()).build();
    }

    private static ClientOverrideConfiguration overrides(AwsSettings settings) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts()).build())
                .apiCallAttemptTimeout(settings.attemptTimeout())
                .build();
    }

    private static SdkHttpClient httpClient(AwsSettings settings, int connections, URI endpoint) {
        var builder = ApacheHttpClient.builder()
                .maxConnections(connections)
                // The Apache client would add its own Expect: 100-continue to every PUT; the SDK's (large bodies
                // only, see NoExpectContinueForSmallBodies) is the one that counts.
                .expectContinueEnabled(false)
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(settings.attemptTimeout());
        if (endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme())) {
            // Every request of this client goes to a plain-http endpoint: skip the TLS set-up the builder does
            // eagerly otherwise (the default SSLContext and trust store, about 0.4 s of a short run).
            builder.socketFactory(new NoTls(endpoint));
        }
        return builder.build();
    }

    /**
     * Builds an HTTP client on a thread of its own, so that the SDK client that will use it can be built meanwhile;
     * the first request (or close) waits for it. The SDK's service defaults are not applied, as with a client
     * passed built.
     */
    static final class BuiltInBackground implements SdkHttpClient.Builder<BuiltInBackground> {

        private final Callable<SdkHttpClient> build;

        BuiltInBackground(Callable<SdkHttpClient> build) {
            this.build = build;
        }

        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            FutureTask<SdkHttpClient> building = new FutureTask<>(build);
            Thread thread = new Thread(building, "emrdag-http-client");
            thread.setDaemon(true);
            thread.start();
            return new SdkHttpClient() {
                @Override
                public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                    return client().prepareRequest(request);
                }

                @Override
                public String clientName() {
                    return "Apache";
                }

                @Override
                public void close() {
                    client().close();
                }

                private SdkHttpClient client() {
                    try {
                        return building.get();
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException runtime) {
                            throw runtime;
                        }
                        throw new IllegalStateException("cannot build the HTTP client", e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw AbortedException.create("interrupted while building the HTTP client", e);
                    }
                }
            };
        }
    }

    /** The https socket factory of a client whose endpoint is plain http: never used, and says so if it were. */
    static final class NoTls implements ConnectionSocketFactory {

        private final URI endpoint;

        NoTls(URI endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            throw refused();
        }

        @Override
        public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host,
                InetSocketAddress remoteAddress, InetSocketAddress localAddress,
                HttpContext context) throws IOException {
            throw refused();
        }

        private IOException refused() {
            return new SSLException("no TLS set up: this client's endpoint is " + endpoint + " (plain http)");
        }
    }

    /** The default chain's region; against an endpoint override without one configured, us-east-1. */
    private static Region region(URI endpoint) {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            if (endpoint != null) {
                return Region.US_EAST_1;
            }
            throw new EnvironmentException("no AWS region configured" + System.lineSeparator()
                    + "  hint: set AWS_REGION (e.g. eu-west-1), or a region in the profile AWS_PROFILE names in ~/.aws/config", e);
        }
    }

    /**
     * Drops the {@code Expect: 100-continue} the SDK puts on every PutObject with a body. It pays off for large
     * bodies (a rejected upload, e.g. a failed {@code If-None-Match}, is not sent at all), but a DAG file of a few
     * kilobytes is cheaper to send than the extra round trip and the extra write on both sides that waiting for
     * "100 Continue" costs on every upload. Bodies of {@link #THRESHOLD} bytes and more keep it. Runs after the
     * SDK's own interceptors (client interceptors come last) and before signing ({@code Expect} is not signed).
     */
    static final class NoExpectContinueForSmallBodies implements ExecutionInterceptor {

        static final long THRESHOLD = 1024 * 1024;

        @Override
        public SdkHttpRequest modifyHttpRequest(
                Context.ModifyHttpRequest context,
                ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            if (request.firstMatchingHeader("Expect").isEmpty()) {
                return request;
            }
            long length = context.requestBody().flatMap(body -> body.optionalContentLength()).orElse(Long.MAX_VALUE);
            return length < THRESHOLD ? request.toBuilder().removeHeader("Expect").build() : request;
        }
    }
}
