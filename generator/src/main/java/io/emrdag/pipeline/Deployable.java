package io.emrdag.pipeline;

import io.emrdag.deploy.DeployEnvironment;
import io.emrdag.deploy.DeployFile;
import java.util.List;

/**
 * What a deploy of the project uploads.
 *
 * @param deployment    the name of the project's manifest in the target (see {@link io.emrdag.render.Release})
 * @param airflowTarget the Airflow version the project targets
 * @param environment   where it goes: the environment rendered, its deploy target and the environments declared
 */
public record Deployable(List<DeployFile> files, String deployment, String airflowTarget, DeployEnvironment environment) {
}
