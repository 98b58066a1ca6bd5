package io.emrdag.verify.docker;

import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Progress;
import io.emrdag.model.MwaaTarget;
import io.emrdag.verify.ContainerCheck;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Runs the import check in the official {@code apache/airflow} image of the target's Airflow version, with the
 * target's Amazon provider installed on top (the image ships its own, usually newer, provider). An
 * alternative to the local venv where a Docker engine is available; needs network access for the image
 * and the provider. Registered as the core's {@link ContainerCheck} (META-INF/services).
 */
public final class AirflowContainer implements ContainerCheck {

    static final String DAGS = "/opt/emrdag/dags";

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Standard output of {@code check_dags.py} run in the container. */
    @Override
    public String runCheck(MwaaTarget target, Path output, Path script, Path expected, Progress progress) {
        if (!dockerAvailable()) {
            throw new EnvironmentException("--docker needs a running Docker engine; none was found");
        }
        String install = "pip install --quiet --disable-pip-version-check 'apache-airflow==" + target.airflowVersion()
                + "' 'apache-airflow-providers-amazon==" + target.amazonProviderVersion() + "'";
        String check = "python /opt/emrdag/check_dags.py " + DAGS + " /opt/emrdag/expected.json";
        progress.report("starting apache/airflow:" + target.airflowVersion() + " (pulls the image on first use) …");
        try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("apache/airflow:" + target.airflowVersion()))) {
            container.withCopyFileToContainer(MountableFile.forHostPath(output), DAGS)
                    .withCopyFileToContainer(MountableFile.forHostPath(script), "/opt/emrdag/check_dags.py")
                    .withCopyFileToContainer(MountableFile.forHostPath(expected), "/opt/emrdag/expected.json")
                    .withCommand("bash", "-c", install + " && " + check)
                    .withLogConsumer((OutputFrame frame) -> {
                        if (frame.getType() == OutputFrame.OutputType.STDERR) {
                            progress.report(frame.getUtf8String().stripTrailing());
                        }
                    })
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(15)));
            container.start();
            return container.getLogs(OutputFrame.OutputType.STDOUT);
        } catch (RuntimeException e) {
            throw new EnvironmentException("the Airflow container check failed: " + e.getMessage(), e);
        }
    }
}
