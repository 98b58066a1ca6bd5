package io.emrdag.maven;

import io.emrdag.Emrdag;
import io.emrdag.pipeline.Validation;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the job-group metadata and reports every error with {@code file:line:col}; writes nothing
 * ({@code mvn emrdag:validate}).
 *
 * @since 0.1.0
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = false)
public final class ValidateMojo extends AbstractEmrdagMojo {

    /**
     * Skips this goal only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.validate.skip", defaultValue = "false")
    private boolean skipValidate;

    @Override
    protected boolean skipGoal() {
        return skipValidate;
    }

    @Override
    protected void run(Emrdag emrdag) {
        Validation validation = emrdag.validate(project.toPath(), environment);
        logWarnings(validation.warnings());
        getLog().info("emrdag: " + validation.summary());
    }
}
