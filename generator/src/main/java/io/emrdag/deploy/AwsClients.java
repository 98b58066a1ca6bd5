package io.emrdag.deploy;

import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the SDK clients the deployer uses. Transient failures (5xx, throttling, timeouts, cut connections)
 * are left to the SDK's standard retry strategy with exponential backoff and jitter: emrdag has no retry loop
 * of its own.
 */
final class AwsClients {

    private AwsClients() {
    }

    static S3Client s3(AwsSettings settings, int connections, software.amazon.awssdk.core.interceptor.ExecutionInterceptor interceptor) {
        var builder = S3Client.builder()
                .httpClient(httpClient(settings, connections))
                .overrideConfiguration(overrides(settings).toBuilder().addExecutionInterceptor(interceptor).build())
                .region(region(settings.s3Endpoint()))
                .crossRegionAccessEnabled(settings.s3Endpoint() == null)
                // Uploads carry Content-MD5 (S3 rejects a body that does not match it): the same end-to-end check
                // as the SDK's default CRC32 trailer, without streaming the body in aws-chunked encoding.
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED);
        if (settings.s3Endpoint() != null) {
            // S3-compatible servers on a plain host name do not resolve virtual-hosted bucket names.
            builder.endpointOverride(settings.s3Endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }

    static MwaaClient mwaa(AwsSettings settings) {
        var overrides = overrides(settings).toBuilder();
        var builder = MwaaClient.builder().httpClient(httpClient(settings, 4)).region(region(settings.mwaaEndpoint()));
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

    private static SdkHttpClient httpClient(AwsSettings settings, int connections) {
        return ApacheHttpClient.builder()
                .maxConnections(connections)
                .connectionTimeout(java.time.Duration.ofSeconds(10))
                .socketTimeout(settings.attemptTimeout())
                .build();
    }

    /** The default chain's region; against an endpoint override without one configured, us-east-1. */
    private static Region region(URI endpoint) {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            if (endpoint != null) {
                return Region.US_EAST_1;
            }
            throw new io.emrdag.diagnostic.EnvironmentException("no AWS region configured: " + e.getMessage()
                    + System.lineSeparator() + "  hint: set AWS_REGION (or a region in ~/.aws/config)", e);
        }
    }
}
