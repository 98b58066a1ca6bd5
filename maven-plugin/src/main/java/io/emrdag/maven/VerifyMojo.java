package io.emrdag.maven;

import io.emrdag.Emrdag;
import io.emrdag.pipeline.PerEnvironment;
import io.emrdag.pipeline.VerifyRequest;
import io.emrdag.verify.VerifyResult;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Imports every generated DAG file in a real Airflow with the real Amazon provider at the project's MWAA
 * target, and fails on an import error, a wrong task graph or SQL run while parsing ({@code mvn emrdag:verify}).
 * Uses a pinned Python environment that emrdag creates once and caches in {@code ~/.cache/emrdag}.
 *
 * @since 0.1.0
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresProject = false)
public final class VerifyMojo extends AbstractEmrdagMojo {

    /**
     * A Python interpreter with Airflow and the Amazon provider installed, instead of emrdag's own environment,
     * e.g. {@code /opt/airflow/venv/bin/python}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.verify.python")
    private File python;

    /**
     * Runs the check in the official {@code apache/airflow} image of the target (needs a Docker engine, and
     * {@code io.emrdag:emrdag-verify-docker} among this plugin's {@code <dependencies>}: the plugin itself depends on
     * the core only, without a container library).
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.verify.docker", defaultValue = "false")
    private boolean docker;

    /**
     * Skips this goal only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.verify.skip", defaultValue = "false")
    private boolean skipVerify;

    @Override
    protected boolean skipGoal() {
        return skipVerify;
    }

    @Override
    protected void run(Emrdag emrdag) {
        for (PerEnvironment<VerifyResult> each : emrdag.verifyAll(new VerifyRequest(project.toPath(), output.toPath(),
                python == null ? null : python.toPath(), docker, environment), message -> getLog().info("emrdag: " + message))) {
            each.header().forEach(getLog()::info);
            each.result().warnings().forEach(warning -> getLog().warn("emrdag: " + warning));
            each.result().report().forEach(getLog()::info);
        }
    }
}
