package io.emrdag.maven;

import io.emrdag.Emrdag;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.UserErrorException;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates the DAG files of a job-group project ({@code mvn emrdag:generate}). A first, minimal goal: the
 * full plugin (validate, check, verify, deploy, schema, help, invoker ITs) is its own piece of work.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

    /** Folder with emrdag.yaml and the job-group files. */
    @Parameter(property = "emrdag.project", defaultValue = "${project.basedir}/job-groups")
    private File project;

    /** Folder the DAG files are written to. */
    @Parameter(property = "emrdag.output", defaultValue = "${project.basedir}/generated-dags")
    private File output;

    /** Skips the goal. */
    @Parameter(property = "emrdag.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("emrdag: skipped (emrdag.skip=true)");
            return;
        }
        try {
            Emrdag.Outcome outcome = new Emrdag().generate(new Emrdag.Request(project.toPath(), output.toPath()));
            outcome.warnings().forEach(w -> getLog().warn(w.format()));
            getLog().info("emrdag: " + outcome.jobGroups() + " job groups, " + outcome.plan().writes() + " files written, "
                    + outcome.plan().deleted().size() + " deleted");
        } catch (UserErrorException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (EnvironmentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
