package io.emrdag.maven;

import io.emrdag.Emrdag;
import io.emrdag.pipeline.Outcome;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates the DAG files of every job group ({@code mvn emrdag:generate}). Writes only changed files,
 * deletes files it generated for removed job groups, never touches other files; on any metadata error
 * nothing is written.
 *
 * @since 0.1.0
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true, requiresProject = false)
public final class GenerateMojo extends AbstractEmrdagMojo {

    /**
     * Skips this goal only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.generate.skip", defaultValue = "false")
    private boolean skipGenerate;

    @Override
    protected String unchangedOnErrors() {
        return "nothing was written";
    }

    @Override
    protected boolean skipGoal() {
        return skipGenerate;
    }

    @Override
    protected void run(Emrdag emrdag) {
        for (Outcome outcome : emrdag.generateAll(request())) {
            logWarnings(outcome.warnings());
            outcome.generated().forEach(getLog()::info);
        }
    }
}
