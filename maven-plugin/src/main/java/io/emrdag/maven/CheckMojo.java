package io.emrdag.maven;

import io.emrdag.Emrdag;
import io.emrdag.pipeline.Outcome;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when the committed output folder is stale or was edited by hand, listing the files
 * ({@code mvn emrdag:check}); the fix is {@code mvn emrdag:generate}. Writes nothing.
 *
 * @since 0.1.0
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresProject = false)
public final class CheckMojo extends AbstractEmrdagMojo {

    /**
     * Skips this goal only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.check.skip", defaultValue = "false")
    private boolean skipCheck;

    @Override
    protected boolean skipGoal() {
        return skipCheck;
    }

    @Override
    protected void run(Emrdag emrdag) {
        for (Outcome outcome : emrdag.checkAll(request())) {
            logWarnings(outcome.warnings());
            getLog().info(outcome.upToDate());
        }
    }
}
