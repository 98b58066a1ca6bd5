package io.emrdag.deploy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How emrdag talks to AWS: endpoint overrides for S3- and MWAA-compatible services, the retry budget and the
 * per-attempt timeout. Credentials and region always come from the SDK's default chains; nothing here holds
 * a secret. {@link DeployOptions} checks the values.
 *
 * @param s3Endpoint   S3 endpoint override, or {@code null} for AWS
 * @param mwaaEndpoint MWAA endpoint override, or {@code null} for AWS
 * @param maxAttempts  attempts per request, first one included (the SDK's standard retry strategy)
 * @param attemptTimeout how long one attempt may take before it is abandoned and retried
 */
public record AwsSettings(URI s3Endpoint, URI mwaaEndpoint, int maxAttempts, Duration attemptTimeout) {

    /**
     * The settings the standard environment variables give ({@code AWS_ENDPOINT_URL_S3},
     * {@code AWS_ENDPOINT_URL_MWAA}, then {@code AWS_ENDPOINT_URL}); {@code endpointOption}, when not null,
     * overrides all of them, as the AWS CLI's {@code --endpoint-url} does.
     */
    public static AwsSettings from(Map<String, String> environment, URI endpointOption, int maxAttempts,
            Duration attemptTimeout) {
        URI common = endpointOption != null ? endpointOption : uri(environment.get("AWS_ENDPOINT_URL"));
        URI s3 = endpointOption != null ? endpointOption : firstNonNull(uri(environment.get("AWS_ENDPOINT_URL_S3")), common);
        URI mwaa = endpointOption != null ? endpointOption : firstNonNull(uri(environment.get("AWS_ENDPOINT_URL_MWAA")), common);
        return new AwsSettings(s3, mwaa, maxAttempts, attemptTimeout);
    }

    private static URI uri(String value) {
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }

    private static URI firstNonNull(URI first, URI second) {
        return first != null ? first : second;
    }
}
