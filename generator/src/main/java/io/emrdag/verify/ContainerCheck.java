package io.emrdag.verify;

import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Progress;
import io.emrdag.model.MwaaTarget;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The import check run in a container instead of a local venv ({@code verify --docker}). The core defines only this
 * seam so that it carries no container library: the implementation (Testcontainers, docker-java) lives in the
 * {@code emrdag-verify-docker} module, which the CLI ships and a Maven build adds as a plugin dependency when it wants
 * {@code emrdag.verify.docker}. Found with {@link ServiceLoader}.
 */
public interface ContainerCheck {

    /**
     * Runs {@code check_dags.py} on {@code output} in the target's Airflow image and returns its standard output.
     *
     * @param script   {@code check_dags.py}, extracted on the host
     * @param expected the expected graphs (JSON), on the host
     */
    String runCheck(MwaaTarget target, Path output, Path script, Path expected, Progress progress);

    /** The container check on the class path, or an environment error that says which module provides it. */
    static ContainerCheck load() {
        return ServiceLoader.load(ContainerCheck.class, ContainerCheck.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new EnvironmentException("--docker needs io.emrdag:emrdag-verify-docker on the class path "
                        + "(the emrdag distribution ships it; in a Maven build add it to the emrdag-maven-plugin's <dependencies>)"));
    }
}
