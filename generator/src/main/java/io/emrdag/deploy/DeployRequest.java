package io.emrdag.deploy;

import java.time.Duration;

/**
 * Everything a deploy needs besides the files: where, how carefully, how fast, and how long to wait for Airflow.
 * Front ends build it with {@link DeployOptions}, which owns the defaults and checks the values.
 *
 * @param destination where the files go
 * @param care        how carefully: a dry run, adopting others' files, the lock
 * @param transfer    how the files travel: uploads at once and the AWS client settings
 * @param waiting     whether and how long to wait for Airflow to register the DAGs
 */
public record DeployRequest(Destination destination, Care care, Transfer transfer, Waiting waiting) {

    /**
     * Where the files go.
     *
     * @param target       as the user wrote it ({@link DeployTarget#parse}); {@code null} for the environment's own
     * @param environment  the environment of {@code emrdag.yaml} to deploy (to its {@code deploy_to}), or {@code null}
     * @param createFolder create a local target folder that does not exist; without it a missing folder (a typo, an
     *                     unmounted volume) is refused rather than filled
     */
    public record Destination(String target, String environment, boolean createFolder) {
    }

    /**
     * How carefully the deploy writes.
     *
     * @param dryRun  plan only
     * @param adopt   take ownership of same-named files emrdag does not own
     * @param lockTtl the lock's lease: a crashed deploy blocks others at most this long
     * @param owner   who deploys ({@code user@host}), written into the lock
     */
    public record Care(boolean dryRun, boolean adopt, Duration lockTtl, String owner) {
    }

    /**
     * How the files travel.
     *
     * @param parallelism uploads in flight at once
     * @param aws         the AWS clients' endpoint, attempts and timeout
     */
    public record Transfer(int parallelism, AwsSettings aws) {
    }

    /**
     * The wait for Airflow after the deploy.
     *
     * @param waitFor      wait this long for Airflow to register the DAGs; {@code null}: do not wait
     * @param pollInterval time between two checks while waiting
     */
    public record Waiting(Duration waitFor, Duration pollInterval) {
    }

    /** This request to {@code resolvedTarget}. */
    DeployRequest to(String resolvedTarget) {
        return new DeployRequest(new Destination(resolvedTarget, destination.environment(), destination.createFolder()), care,
                transfer, waiting);
    }
}
