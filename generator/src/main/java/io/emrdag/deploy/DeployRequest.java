package io.emrdag.deploy;

import java.time.Duration;

/**
 * Everything a deploy needs besides the files: where, how carefully, and how long to wait for Airflow. Front ends
 * build it with {@link DeployOptions}, which owns the defaults and checks the values.
 *
 * @param target       as the user wrote it ({@link DeployTarget#parse})
 * @param dryRun       plan only
 * @param adopt        take ownership of same-named files emrdag does not own
 * @param waitFor      after deploying, wait this long for Airflow to register the DAGs; {@code null}: do not wait
 * @param pollInterval time between two checks while waiting
 * @param lockTtl      the lock's lease: a crashed deploy blocks others at most this long
 * @param parallelism  uploads in flight at once
 * @param owner        who deploys ({@code user@host}), written into the lock
 */
public record DeployRequest(String target, boolean dryRun, boolean adopt, Duration waitFor, Duration pollInterval,
        Duration lockTtl, int parallelism, AwsSettings aws, String owner) {
}
