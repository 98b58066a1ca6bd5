package io.emrdag.maven;

import io.emrdag.Emrdag;
import io.emrdag.deploy.DeployOptions;
import io.emrdag.deploy.DeployRequest;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys the project's DAG files, generated afresh from the metadata, to an S3 prefix, an MWAA environment
 * or a local folder ({@code mvn emrdag:deploy -Demrdag.deploy.target=mwaa:prod}): plan first, changed files
 * only, deletes only what it deployed, modules before DAG files, one deploy per folder at a time.
 * Credentials come from the AWS SDK's default chain.
 *
 * @since 0.1.0
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true, requiresProject = false)
public final class DeployMojo extends AbstractEmrdagMojo {

    /**
     * Where to deploy: {@code s3://bucket/prefix/}, {@code mwaa:ENVIRONMENT}, or a local folder. With
     * {@code emrdag.environment}: that environment's {@code deploy_to} in {@code emrdag.yaml}, and another value is
     * refused.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.target")
    private String target;

    /**
     * Print the plan and stop.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * Take ownership of same-named files emrdag did not deploy (e.g. after {@code aws s3 sync}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.adopt", defaultValue = "false")
    private boolean adopt;

    /**
     * Create a local target folder that does not exist, e.g. {@code -Demrdag.deploy.createFolder=true}; without it a
     * missing folder (a misspelt path, an unmounted volume) is refused.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.createFolder", defaultValue = "false")
    private boolean createFolder;

    /**
     * With an {@code mwaa:} target, wait this long for Airflow to register every deployed DAG, e.g. {@code 10m};
     * fails on an import error in emrdag's files.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.wait")
    private String waitFor;

    /**
     * Time between two checks while waiting, e.g. {@code 10s}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.pollInterval", defaultValue = DeployOptions.DEFAULT_POLL_INTERVAL)
    private String pollInterval;

    /**
     * Lease of the deploy lock, e.g. {@code 2m}: a crashed deploy blocks others at most this long.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.lockTtl", defaultValue = DeployOptions.DEFAULT_LOCK_TTL)
    private String lockTtl;

    /**
     * Uploads in flight at once, at least 1.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.parallel", defaultValue = "" + DeployOptions.DEFAULT_PARALLEL)
    private int parallel;

    /**
     * An S3/MWAA-compatible endpoint instead of AWS's, e.g. {@code http://127.0.0.1:5000}; the
     * {@code AWS_ENDPOINT_URL*} variables are honoured too.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.endpointUrl")
    private String endpointUrl;

    /**
     * Attempts per request, retries included (the SDK's standard retry strategy).
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.maxAttempts", defaultValue = "" + DeployOptions.DEFAULT_MAX_ATTEMPTS)
    private int maxAttempts;

    /**
     * Abandon and retry a request attempt after this long, e.g. {@code 60s}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.attemptTimeout", defaultValue = DeployOptions.DEFAULT_ATTEMPT_TIMEOUT)
    private String attemptTimeout;

    /**
     * Skips this goal only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.deploy.skip", defaultValue = "false")
    private boolean skipDeploy;

    @Override
    protected String unchangedOnErrors() {
        return "nothing was deployed";
    }

    @Override
    protected boolean skipGoal() {
        return skipDeploy;
    }

    @Override
    protected void run(Emrdag emrdag) {
        DeployOptions options = new DeployOptions().target(target).dryRun(dryRun).adopt(adopt).waitFor(waitFor)
                .pollInterval(pollInterval).lockTtl(lockTtl).parallel(parallel).endpointUrl(endpointUrl)
                .maxAttempts(maxAttempts).attemptTimeout(attemptTimeout).environment(environment)
                .createFolder(createFolder);
        DeployRequest request = options.request(setting -> "emrdag.deploy." + setting);
        emrdag.deploy(project.toPath(), request, message -> getLog().info("emrdag: " + message)).summary().forEach(getLog()::info);
    }
}
