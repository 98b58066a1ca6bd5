package io.emrdag.maven;

import io.emrdag.Emrdag;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.EmrdagException;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.diagnostic.UserErrorException;
import io.emrdag.pipeline.Request;
import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every emrdag goal shares: the project and output folders, skipping, and turning emrdag's typed
 * failures into Maven's. User mistakes (bad metadata, stale output) fail the build with
 * {@link MojoFailureException}; environment problems are {@link MojoExecutionException}s. Subclasses build
 * one request and make one call on {@link Emrdag}.
 */
public abstract class AbstractEmrdagMojo extends AbstractMojo {

    /**
     * Folder with {@code emrdag.yaml} and the job-group files, e.g. {@code src/main/job-groups}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.project", defaultValue = "${basedir}/job-groups")
    protected File project;

    /**
     * Folder the DAG files are written to (and checked, verified in).
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.output", defaultValue = "${basedir}/generated-dags")
    protected File output;

    /**
     * Generate and check bind and render only the job groups whose metadata changed since the last generate
     * (the cache is {@code <project>/.emrdag-cache/}, git-ignored by its own {@code .gitignore}); the files are the
     * same either way. {@code false} binds and renders everything.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.incremental", defaultValue = "true")
    protected boolean incremental;

    /**
     * One of the environments {@code emrdag.yaml} declares, e.g. {@code -Demrdag.environment=staging}: generate, check
     * and verify it alone (its files are in {@code <output>/<environment>/}), deploy it to its {@code deploy_to}. Unset:
     * every environment (the project itself when it declares none); deploy then needs one when there are environments.
     *
     * @since 0.2.0
     */
    @Parameter(property = "emrdag.environment")
    protected String environment;

    /**
     * Skips every emrdag goal, e.g. {@code -Demrdag.skip}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.skip", defaultValue = "false")
    protected boolean skip;

    /** The goal being run, from Maven itself, for messages. */
    @Parameter(defaultValue = "${mojoExecution.goal}", readonly = true, required = true)
    private String goal;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("emrdag: skipping " + goal + " (emrdag.skip=true)");
            return;
        }
        if (skipGoal()) {
            getLog().info("emrdag: skipping " + goal + " (emrdag." + goal + ".skip=true)");
            return;
        }
        try {
            run(new Emrdag());
        } catch (MetadataException e) {
            e.diagnostics().forEach(d -> {
                if (d.isError()) {
                    getLog().error(d.format());
                } else {
                    getLog().warn(d.format());
                }
            });
            String unchanged = unchangedOnErrors();
            throw new MojoFailureException(e.errorCount() + " in the job-group metadata of " + project + (unchanged == null ? "" : "; " + unchanged));
        } catch (UserErrorException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (EmrdagException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** The goal's own skip flag. */
    protected abstract boolean skipGoal();

    /**
     * What a goal that changes files leaves as it was when the metadata has errors ("nothing was written"), for the
     * failure message; {@code null} for goals that never write, which must not claim it.
     */
    protected String unchangedOnErrors() {
        return null;
    }

    /** Builds the request and calls the core. */
    protected abstract void run(Emrdag emrdag);

    protected Request request() {
        return new Request(project.toPath(), output.toPath(), incremental, environment);
    }

    protected void logWarnings(List<Diagnostic> warnings) {
        warnings.forEach(w -> getLog().warn(w.format()));
    }
}
