package io.emrdag.deploy;

import io.emrdag.diagnostic.EnvironmentException;
import java.net.UnknownHostException;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * Turns a failed AWS call into a short message a data engineer can act on, with a hint. The SDK's own text is
 * written for SDK developers: a missing credential is one line of about 1,500 characters that walks the whole
 * provider chain. Here the common cases get their own message (no credentials, expired or rejected credentials,
 * access denied, a bucket in another region, a region that does not exist); the SDK's exception stays the cause,
 * for {@code emrdag deploy --verbose} and {@code mvn -e}. All of them are environment errors (exit 3): the metadata
 * and the target as written are fine, the machine's AWS set-up is not.
 */
final class AwsFailures {

    /** Where the default chain looks, in its order, and how to point it at credentials. */
    static final String CREDENTIAL_CHAIN = "the AWS SDK's default chain looks in the environment (AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, or AWS_WEB_IDENTITY_TOKEN_FILE), then the profile AWS_PROFILE names ('default' without it)"
            + " in ~/.aws/credentials and ~/.aws/config, SSO profiles included after 'aws sso login', then a container or EC2"
            + " instance role; point it at credentials with AWS_PROFILE=NAME or by exporting the keys";

    private static final int MAX_MESSAGE = 200;

    private AwsFailures() {
    }

    /**
     * @param what        what was being done, e.g. "list s3://bucket/dags/"
     * @param permissions the IAM actions the call needs, e.g. "s3:ListBucket on the bucket"
     */
    static EnvironmentException translate(SdkException e, String what, String permissions) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (text.startsWith("Unable to load credentials")) {
            return failure("no AWS credentials found (cannot " + what + ")", CREDENTIAL_CHAIN, e);
        }
        if (text.contains("SSO session") || text.contains("aws sso login")) {
            return failure("the SSO session of the AWS profile has expired (cannot " + what + ")",
                    "run 'aws sso login' with that profile (AWS_PROFILE), then deploy again", e);
        }
        if (e instanceof AwsServiceException service) {
            return service(service, what, permissions);
        }
        Optional<UnknownHostException> unknownHost = cause(e, UnknownHostException.class);
        if (unknownHost.isPresent()) {
            String host = String.valueOf(unknownHost.get().getMessage()).split("[:\\s]", 2)[0];
            return failure("cannot " + what + ": unknown host " + host, unknownRegion(host)
                    .map(region -> "'" + region + "' is not an AWS region (AWS_REGION or the profile's region); regions look like eu-west-1")
                    .orElse("check the network and its DNS, or the endpoint (--endpoint-url, AWS_ENDPOINT_URL*)"), e);
        }
        return failure("cannot " + what + " after retries: " + shortened(text),
                "check the network and the endpoint; re-running the deploy is safe; --verbose (mvn -e) shows the SDK's whole message", e);
    }

    private static EnvironmentException service(AwsServiceException e, String what, String permissions) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
        String shownCode = code.isEmpty() ? "HTTP " + e.statusCode() : code;
        switch (code) {
            case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired" -> {
                return failure("the AWS credentials have expired (" + shownCode + "; cannot " + what + ")",
                        "refresh them ('aws sso login' for an SSO profile, a new session from your identity provider); old"
                                + " AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN variables come before the profile in the default chain", e);
            }
            case "InvalidAccessKeyId", "UnrecognizedClientException", "InvalidClientTokenId", "InvalidToken", "SignatureDoesNotMatch" -> {
                return failure("AWS does not accept these credentials (" + shownCode + "; cannot " + what + ")",
                        "check which credentials the default chain finds ('aws sts get-caller-identity'); variables such as"
                                + " AWS_ACCESS_KEY_ID come before the profile", e);
            }
            case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" -> {
                return wrongRegion(e, what, shownCode);
            }
            default -> {
                if (e.statusCode() == 301) {
                    return wrongRegion(e, what, shownCode);
                }
                if (e.statusCode() == 403 || code.startsWith("AccessDenied")) {
                    return failure("AWS denied access (" + shownCode + "): cannot " + what, "the credentials of the default chain need "
                            + permissions + "; 'aws sts get-caller-identity' shows whose they are", e);
                }
                return failure("cannot " + what + ": HTTP " + e.statusCode() + (code.isEmpty() ? "" : " (" + code + ")") + ": "
                        + shortened(firstLine(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())),
                        e.statusCode() == 404 ? "check the bucket name" : "re-running the deploy is safe: it converges", e);
            }
        }
    }

    private static EnvironmentException wrongRegion(AwsServiceException e, String what, String code) {
        Optional<String> region = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? Optional.empty()
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
        return failure("the bucket is in " + region.map(r -> "region " + r).orElse("another region") + " (" + code + "; cannot " + what + ")",
                "set AWS_REGION=" + region.orElse("<the bucket's region>") + ", or drop --endpoint-url so that the SDK follows the bucket", e);
    }

    private static EnvironmentException failure(String message, String hint, SdkException cause) {
        return new EnvironmentException(message + System.lineSeparator() + "  hint: " + hint, cause);
    }

    /** The region in an AWS host name ({@code s3.eu-wset-1.amazonaws.com}) when the SDK knows no such region. */
    private static Optional<String> unknownRegion(String host) {
        if (host == null || !host.endsWith(".amazonaws.com")) {
            return Optional.empty();
        }
        for (String label : host.split("\\.")) {
            if (label.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                return Region.regions().stream().anyMatch(r -> r.id().equals(label)) ? Optional.empty() : Optional.of(label);
            }
        }
        return Optional.empty();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String shortened(String message) {
        String line = firstLine(message);
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
