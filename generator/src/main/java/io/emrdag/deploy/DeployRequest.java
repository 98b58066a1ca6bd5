package io.emrdag.deploy;

import java.time.Duration;

/**
 * Everything a deploy needs besides the files: where, how carefully, and how long to wait for Airflow. Front ends
 * build it with {@link DeployOptions}, which owns the defaults and checks the values.
 *
 * @param target       as the user wrote it ({@link DeployTarget#parse}); {@code null} for the environment's own
 * @param dryRun       plan only
 * @param adopt        take ownership of same-named files emrdag does not own
 * @param waitFor      after deploying, wait this long for Airflow to register the DAGs; {@code null}: do not wait
 * @param pollInterval time between two checks while waiting
 * @param lockTtl      the lock's lease: a crashed deploy blocks others at most this long
 * @param parallelism  uploads in flight at once
 * @param owner        who deploys ({@code user@host}), written into the lock
 * @param environment  the environment of {@code emrdag.yaml} to deploy (to its {@code deploy_to}), or {@code null}
 * @param createFolder create a local target folder that does not exist; without it a missing folder (a typo, an
 *                     unmounted volume) is refused rather than filled
 */
public record DeployRequest(String target, boolean dryRun, boolean adopt, Duration waitFor, Duration pollInterval,
        Duration lockTtl, int parallelism, AwsSettings aws, String owner, String environment, boolean createFolder) {

    /** A deploy that refuses a missing local folder. */
    public DeployRequest(String target, boolean dryRun, boolean adopt, Duration waitFor, Duration pollInterval,
            Duration lockTtl, int parallelism, AwsSettings aws, String owner, String environment) {
        this(target, dryRun, adopt, waitFor, pollInterval, lockTtl, parallelism, aws, owner, environment, false);
    }

    /** A deploy of a project without environments. */
    public DeployRequest(String target, boolean dryRun, boolean adopt, Duration waitFor, Duration pollInterval,
            Duration lockTtl, int parallelism, AwsSettings aws, String owner) {
        this(target, dryRun, adopt, waitFor, pollInterval, lockTtl, parallelism, aws, owner, null);
    }

    /** This request to {@code resolvedTarget}. */
    DeployRequest to(String resolvedTarget) {
        return new DeployRequest(resolvedTarget, dryRun, adopt, waitFor, pollInterval, lockTtl, parallelism, aws, owner, environment,
                createFolder);
    }
}
