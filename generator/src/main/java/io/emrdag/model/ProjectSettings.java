package io.emrdag.model;

import java.time.Duration;

/**
 * Project-wide settings from {@code emrdag.yaml}.
 *
 * @param target the MWAA Airflow version the DAGs are generated for
 * @param scriptsBase S3 prefix that relative step scripts are resolved against, or {@code null}
 * @param capacity how the report and the quota checks estimate the fleet, and the account's quotas
 */
public record ProjectSettings(String target, String scriptsBase, Naming naming, Packaging packaging, Janitor janitor,
        CapacitySettings capacity, Deployment deployment) {

    /**
     * How the project and its job groups' DAGs and Variables are named.
     *
     * @param project         the name this project's clusters are tagged with; the janitor only ends clusters with its name
     * @param dagIdPattern    DAG id of a job group, with {@code {job_group}}
     * @param variablePattern Airflow Variable name of a job group's runtime knobs, with {@code {job_group}}
     */
    public record Naming(String project, String dagIdPattern, String variablePattern) {
    }

    /**
     * How the files sit in the DAG folder (read through {@link OutputLayout}).
     *
     * @param layout      flat (the seed's shape) or one package folder per project
     * @param packageName the package folder in {@link Layout#PACKAGE}, else {@code null}
     */
    public record Packaging(Layout layout, String packageName) {
    }

    /**
     * The generated janitor DAG.
     *
     * @param janitorInterval  how often it looks for clusters whose run has ended
     * @param janitorAwsConnId the Airflow connection it lists and terminates clusters with
     */
    public record Janitor(Duration janitorInterval, String janitorAwsConnId) {
    }

    /**
     * Where these settings go.
     *
     * @param environment  the environment of {@code environments} these settings are for (its overlay merged in), or
     *                     {@code null} for the project as written
     * @param deployTarget the environment's {@code deploy_to} ({@code s3://...} or {@code mwaa:NAME}), or {@code null}
     */
    public record Deployment(String environment, String deployTarget) {
    }

    /** These settings for {@code environment}, which deploys to {@code deployTarget} and tags clusters with {@code project}. */
    public ProjectSettings forEnvironment(String environment, String deployTarget, String project) {
        return new ProjectSettings(target, scriptsBase, new Naming(project, naming.dagIdPattern(), naming.variablePattern()),
                packaging, janitor, capacity, new Deployment(environment, deployTarget));
    }

    /** Where the shared modules live in the output folder. */
    public enum Layout {
        /** {@code templates.py} and {@code template_generator.py} beside the DAG files, as teams write them today. */
        FLAT,
        /** Everything in one sub-folder (a Python package), safe in a DAG folder shared with other teams. */
        PACKAGE
    }
}
