package io.emrdag.deploy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The deploy settings as a front end receives them (text from a command line or a POM), filled in by the CLI and the
 * Maven plugin alike. This class owns their defaults and their checks, so that both front ends accept and refuse the
 * same values with the same message; {@link #request} turns them into a {@link DeployRequest} or reports every bad
 * setting at once. Settings are named as the Maven properties' last part ({@code parallel}, {@code lockTtl}); each
 * front end says how its users spell them, for the message.
 */
public final class DeployOptions {

    /** How long {@code --wait} without a value waits. */
    public static final String DEFAULT_WAIT = "10m";
    public static final String DEFAULT_POLL_INTERVAL = "10s";
    public static final String DEFAULT_LOCK_TTL = "2m";
    public static final String DEFAULT_ATTEMPT_TIMEOUT = "60s";
    public static final int DEFAULT_PARALLEL = 16;
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    private String target;
    private boolean dryRun;
    private boolean adopt;
    private String waitFor;
    private String pollInterval;
    private String lockTtl;
    private Integer parallel;
    private String endpointUrl;
    private Integer maxAttempts;
    private String attemptTimeout;
    private String environment;
    private boolean createFolder;

    /** {@code s3://bucket/prefix/}, {@code mwaa:ENVIRONMENT} or a local folder, as written. */
    public DeployOptions target(String value) {
        this.target = value;
        return this;
    }

    public DeployOptions dryRun(boolean value) {
        this.dryRun = value;
        return this;
    }

    public DeployOptions adopt(boolean value) {
        this.adopt = value;
        return this;
    }

    /** A duration such as {@code 10m}; {@code null}: do not wait for Airflow. */
    public DeployOptions waitFor(String value) {
        this.waitFor = value;
        return this;
    }

    public DeployOptions pollInterval(String value) {
        this.pollInterval = value;
        return this;
    }

    public DeployOptions lockTtl(String value) {
        this.lockTtl = value;
        return this;
    }

    public DeployOptions parallel(Integer value) {
        this.parallel = value;
        return this;
    }

    /** An S3/MWAA-compatible endpoint; {@code null}: the {@code AWS_ENDPOINT_URL*} variables, else AWS. */
    public DeployOptions endpointUrl(String value) {
        this.endpointUrl = value;
        return this;
    }

    public DeployOptions maxAttempts(Integer value) {
        this.maxAttempts = value;
        return this;
    }

    public DeployOptions attemptTimeout(String value) {
        this.attemptTimeout = value;
        return this;
    }

    /** The environment of {@code emrdag.yaml} to deploy, or {@code null}; its {@code deploy_to} is the target. */
    public DeployOptions environment(String value) {
        this.environment = value == null || value.isBlank() ? null : value;
        return this;
    }

    /** Create a local target folder that does not exist (else it is refused: a misspelt path would be created). */
    public DeployOptions createFolder(boolean value) {
        this.createFolder = value;
        return this;
    }

    /**
     * The request these options describe for this process: endpoints from its environment, the lock's owner from its
     * user, host and CI job.
     *
     * @param spelling how the front end's user writes a setting's name ({@code lockTtl} → {@code --lock-ttl})
     * @throws InvalidDeployOptionsException naming every setting that is not usable
     */
    public DeployRequest request(UnaryOperator<String> spelling) {
        return request(System.getenv(), DeployOwner.current(), spelling);
    }

    /**
     * The request these options describe; unset settings take the defaults above.
     *
     * @param environment the process environment, for the {@code AWS_ENDPOINT_URL*} variables
     * @param owner       who deploys, written into the lock ({@link DeployOwner#current})
     * @param spelling    how the front end's user writes a setting's name
     * @throws InvalidDeployOptionsException naming every setting that is not usable
     */
    public DeployRequest request(Map<String, String> environment, String owner, UnaryOperator<String> spelling) {
        List<InvalidDeployOptionsException.Problem> problems = new ArrayList<>();
        Duration wait = waitFor == null ? null : duration("wait", waitFor, problems);
        Duration poll = duration("pollInterval", orDefault(pollInterval, DEFAULT_POLL_INTERVAL), problems);
        Duration ttl = duration("lockTtl", orDefault(lockTtl, DEFAULT_LOCK_TTL), problems);
        Duration timeout = duration("attemptTimeout", orDefault(attemptTimeout, DEFAULT_ATTEMPT_TIMEOUT), problems);
        int uploads = atLeastOne("parallel", parallel == null ? DEFAULT_PARALLEL : parallel, problems);
        int attempts = atLeastOne("maxAttempts", maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts, problems);
        URI endpoint = endpointUrl == null || endpointUrl.isBlank() ? null : endpoint(endpointUrl.trim(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidDeployOptionsException(problems, spelling);
        }
        return new DeployRequest(new DeployRequest.Destination(target, this.environment, createFolder),
                new DeployRequest.Care(dryRun, adopt, ttl, owner),
                new DeployRequest.Transfer(uploads, AwsSettings.from(environment, endpoint, attempts, timeout)),
                new DeployRequest.Waiting(wait, poll));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Duration duration(String setting, String text, List<InvalidDeployOptionsException.Problem> problems) {
        Duration value;
        try {
            value = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new InvalidDeployOptionsException.Problem(setting, text, "not a duration", "write e.g. 90s, 5m or 1h"));
            return null;
        }
        if (value.isZero() || value.isNegative()) {
            problems.add(new InvalidDeployOptionsException.Problem(setting, text, "must be longer than zero", "write e.g. 90s, 5m or 1h"));
            return null;
        }
        return value;
    }

    private static int atLeastOne(String setting, int value, List<InvalidDeployOptionsException.Problem> problems) {
        if (value < 1) {
            problems.add(new InvalidDeployOptionsException.Problem(setting, Integer.toString(value), "must be at least 1", null));
        }
        return value;
    }

    private static URI endpoint(String text, List<InvalidDeployOptionsException.Problem> problems) {
        try {
            URI uri = new URI(text);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the same hint as a URI of the wrong kind
        }
        problems.add(new InvalidDeployOptionsException.Problem("endpointUrl", text, "not an http(s) endpoint URL",
                "write e.g. http://127.0.0.1:5000 or https://s3.eu-west-1.amazonaws.com"));
        return null;
    }
}
