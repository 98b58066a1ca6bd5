package io.emrdag;

import io.emrdag.deploy.DeployRequest;
import io.emrdag.deploy.DeployResult;
import io.emrdag.deploy.DeployService;
import io.emrdag.diagnostic.Progress;
import io.emrdag.pipeline.Deployable;
import io.emrdag.pipeline.Outcome;
import io.emrdag.pipeline.PerEnvironment;
import io.emrdag.pipeline.Pipeline;
import io.emrdag.pipeline.Request;
import io.emrdag.pipeline.Validation;
import io.emrdag.pipeline.VerifyRequest;
import io.emrdag.porting.DagImporter;
import io.emrdag.porting.ImportRequest;
import io.emrdag.porting.ImportResult;
import io.emrdag.report.ReportRequest;
import io.emrdag.report.ReportResult;
import io.emrdag.schema.MetadataSchemas;
import io.emrdag.verify.ScriptRunner;
import io.emrdag.verify.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The one entry point of emrdag. The CLI and the Maven plugin build a request, call one method here and present the
 * result; this class only hands each request to the {@link Pipeline}, which wires resolve → bind → render once and then
 * writes, checks, verifies, deploys or reports. A method whose name ends in {@code All} covers the request's environment,
 * or every environment the project declares when it names none.
 *
 * <p>User mistakes surface as {@link io.emrdag.diagnostic.UserErrorException}s (metadata errors with every located
 * diagnostic, a stale output folder, foreign files in the way), environment failures as
 * {@link io.emrdag.diagnostic.EnvironmentException}.
 */
public final class Emrdag {

    /** The version written into the manifest. */
    public static final String VERSION = versionOf();

    private final Pipeline pipeline;

    public Emrdag() {
        this(null);
    }

    /** @param templateDir a folder of DAG templates to use instead of the shipped ones, or {@code null} */
    public Emrdag(Path templateDir) {
        this.pipeline = new Pipeline(templateDir, VERSION);
    }

    /** The environments {@code emrdag.yaml} declares, in file order; empty when it declares none. */
    public List<String> environments(Path project) {
        return pipeline.environments(project);
    }

    /** Checks the metadata of every environment (or the project); throws {@link io.emrdag.diagnostic.MetadataException}. */
    public Validation validate(Path project) {
        return validate(project, null);
    }

    /** Checks the metadata of {@code environment}, or of every one when {@code null}; a finding shared by several shows once. */
    public Validation validate(Path project, String environment) {
        return pipeline.validate(project, environment);
    }

    /** Writes the capacity report as one self-contained HTML page per environment the request covers. */
    public List<PerEnvironment<ReportResult>> report(ReportRequest request) {
        return pipeline.report(request);
    }

    /** Generates the DAG files of the project as the request names it; writes only what changed. */
    public Outcome generate(Request request) {
        return pipeline.generateOne(request);
    }

    /** Generates every environment the request covers; all are bound and rendered before any is written. */
    public List<Outcome> generateAll(Request request) {
        return pipeline.generate(request);
    }

    /** Whether the output folder is exactly what {@link #generate} would write; throws otherwise. Writes nothing. */
    public Outcome check(Request request) {
        return pipeline.checkOne(request);
    }

    /** {@link #check} for every environment the request covers; every stale one is named. */
    public List<Outcome> checkAll(Request request) {
        return pipeline.check(request);
    }

    /** Imports every generated DAG file of the request's project in a real Airflow at its target. */
    public VerifyResult verify(VerifyRequest request, Progress progress) {
        return pipeline.verifyOne(request, progress);
    }

    /** {@link #verify} for every environment the request covers, each in turn. */
    public List<PerEnvironment<VerifyResult>> verifyAll(VerifyRequest request, Progress progress) {
        return pipeline.verify(request, progress);
    }

    /**
     * {@code emrdag import}: reads hand-written EMR DAGs in a real Airflow, writes them as a new project and proves
     * each port against its original; {@code python} is an interpreter with Airflow, or null for the pinned venv.
     */
    public ImportResult importDags(ImportRequest request, Path python, Progress progress) {
        return new DagImporter(new ScriptRunner(), (project, output) -> generate(new Request(project, output, false)))
                .run(request, python, progress);
    }

    /** Deploys what the project generates (rendered afresh, never the output folder) to the request's target. */
    public DeployResult deploy(Path projectDir, DeployRequest request, Progress progress) {
        Deployable deployable = deployable(projectDir, request.destination().environment());
        return new DeployService(progress).deploy(request, deployable.files(), deployable.deployment(), pipeline.generator(),
                deployable.airflowTarget(), deployable.environment());
    }

    /** Renders the project as written into the files a deploy uploads; throws on metadata errors like generate. */
    public Deployable deployable(Path projectDir) {
        return deployable(projectDir, null);
    }

    /** Renders {@code environment} (the project as written when {@code null}) into the files a deploy uploads. */
    public Deployable deployable(Path projectDir, String environment) {
        return pipeline.deployable(projectDir, environment);
    }

    /** Writes the JSON Schemas of the metadata format into {@code dir}; returns the files written. */
    public List<Path> schema(Path dir) {
        return MetadataSchemas.write(dir);
    }

    private static String versionOf() {
        try (InputStream in = Emrdag.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
