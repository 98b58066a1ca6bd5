package io.emrdag.maven;

import io.emrdag.Emrdag;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the JSON Schemas of {@code emrdag.yaml} and of job-group files ({@code mvn emrdag:schema}), for editor
 * completion with a {@code # yaml-language-server: $schema=...} line.
 *
 * @since 0.1.0
 */
@Mojo(name = "schema", threadSafe = true, requiresProject = false)
public final class SchemaMojo extends AbstractEmrdagMojo {

    /**
     * Folder the schema files are written to, e.g. <code>${basedir}/schemas</code>: the folder the examples'
     * {@code yaml-language-server} lines name, so that a job group in {@code job-groups/<folder>/} finds its schema at
     * {@code ../../schemas/job-group.schema.json}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.schema.output", defaultValue = "${basedir}/schemas")
    private File schemaOutput;

    /**
     * Skips this goal only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.schema.skip", defaultValue = "false")
    private boolean skipSchema;

    @Override
    protected boolean skipGoal() {
        return skipSchema;
    }

    @Override
    protected void run(Emrdag emrdag) {
        emrdag.schema(schemaOutput.toPath()).forEach(file -> getLog().info("emrdag: wrote " + file));
    }
}
