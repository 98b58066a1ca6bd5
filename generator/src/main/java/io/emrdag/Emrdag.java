package io.emrdag;

import io.emrdag.cache.GenerationCache;
import io.emrdag.deploy.DeployFile;
import io.emrdag.deploy.DeployRequest;
import io.emrdag.deploy.DeployResult;
import io.emrdag.deploy.DeployService;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.diagnostic.Progress;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import io.emrdag.render.DagRenderer;
import io.emrdag.render.GeneratedFile;
import io.emrdag.render.Release;
import io.emrdag.report.FleetReporter;
import io.emrdag.report.ReportRequest;
import io.emrdag.report.ReportResult;
import io.emrdag.resolve.MergedProject;
import io.emrdag.resolve.ProjectResolver;
import io.emrdag.resolve.Reuse;
import io.emrdag.schema.MetadataSchemas;
import io.emrdag.validate.FleetChecks;
import io.emrdag.validate.ProjectBinder;
import io.emrdag.verify.ProjectVerifier;
import io.emrdag.verify.VerifyFailedException;
import io.emrdag.verify.VerifyResult;
import io.emrdag.write.Manifest;
import io.emrdag.write.OutputWriter;
import io.emrdag.write.StaleOutputException;
import io.emrdag.write.WritePlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The one entry point of emrdag. The CLI and the Maven plugin build a request, call one method here and present
 * the result; they hold no logic of their own, and neither does this class: each method hands the stages their
 * inputs in the order the pipeline runs them.
 *
 * <ol>
 *   <li><b>resolve</b> ({@link ProjectResolver}): list the project folder, load every file ({@code load}), merge
 *       {@code defaults} and the cluster profile under each job group;</li>
 *   <li><b>validate</b> ({@link ProjectBinder}): bind the merged trees into the immutable {@link Project}, reporting
 *       every mistake as a located diagnostic;</li>
 *   <li><b>render</b> ({@link DagRenderer}): the Python files, from the FreeMarker templates;</li>
 *   <li><b>write</b> ({@link OutputWriter}): plan against the output folder's manifest, then write only what
 *       changed; or <b>verify</b> ({@link ProjectVerifier}): import the files in a real Airflow; or <b>deploy</b>
 *       ({@link DeployService}): upload them to the environment's DAG folder.</li>
 * </ol>
 *
 * <p>User mistakes surface as {@link io.emrdag.diagnostic.UserErrorException}s (metadata errors with every located
 * diagnostic, a stale output folder, foreign files in the way), environment failures as
 * {@link io.emrdag.diagnostic.EnvironmentException}.
 */
public final class Emrdag {

    /** The version written into the manifest. */
    public static final String VERSION = versionOf();
    private static final String GENERATOR = "emrdag " + VERSION;

    private final ProjectResolver resolver = new ProjectResolver();
    private final ProjectBinder binder = new ProjectBinder();
    private final OutputWriter writer = new OutputWriter();
    private final DagRenderer renderer;
    private final Path templateDir;

    public Emrdag() {
        this(null);
    }

    /** @param templateDir a folder of DAG templates to use instead of the shipped ones, or {@code null} */
    public Emrdag(Path templateDir) {
        this.renderer = new DagRenderer(templateDir);
        this.templateDir = templateDir;
    }

    /**
     * A project folder and where its DAG files go.
     *
     * @param incremental use and update the generation cache ({@link GenerationCache}): bind and render only the
     *     job groups whose metadata changed since the last generate into {@code output}; the files are the same
     */
    public record Request(Path project, Path output, boolean incremental) {

        /** Binds and renders every job group. */
        public Request(Path project, Path output) {
            this(project, output, false);
        }
    }

    /** Outcome of {@link #validate}: the job groups found and any warnings. */
    public record Validation(List<String> jobGroups, List<Diagnostic> warnings) {
    }

    /** Outcome of {@link #generate} and {@link #check}. */
    public record Outcome(WritePlan plan, int jobGroups, List<Diagnostic> warnings) {
    }

    /**
     * A project, its generated output folder, and optionally the Python interpreter (with Airflow and the
     * Amazon provider) to verify with; {@code null} means emrdag's own pinned environment for the target.
     */
    public record VerifyRequest(Path project, Path output, Path python, boolean container) {

        /** Verify with emrdag's pinned venv, or {@code python} when not null. */
        public VerifyRequest(Path project, Path output, Path python) {
            this(project, output, python, false);
        }
    }

    /**
     * What a deploy of the project uploads.
     *
     * @param deployment    the name of the project's manifest in the target (see {@link Release})
     * @param airflowTarget the Airflow version the project targets
     */
    public record Deployable(List<DeployFile> files, String deployment, String airflowTarget) {
    }

    /** Checks the metadata only; throws {@link MetadataException} listing every error. */
    public Validation validate(Path project) {
        Diagnostics diagnostics = new Diagnostics();
        Project bound = bind(resolver.resolve(project, diagnostics, Reuse.NONE), diagnostics).project();
        new FleetChecks(project, ProjectResolver.label(project)).validate(bound).forEach(diagnostics::add);
        diagnostics.throwIfErrors();
        return new Validation(bound.jobGroups().stream().map(JobGroup::id).sorted().toList(), diagnostics.sorted());
    }

    /**
     * Writes the fleet report of a project (the timeline of its clusters over the model year, concurrent clusters,
     * instances and vCPUs against the quotas in {@code emrdag.yaml}, instance-hours and costs per job group) as one
     * self-contained HTML page, and returns its figures as text. Throws on metadata errors like validate.
     */
    public ReportResult report(ReportRequest request) {
        Diagnostics diagnostics = new Diagnostics();
        Project project = bind(resolver.resolve(request.project(), diagnostics, Reuse.NONE), diagnostics).project();
        return new FleetReporter(GENERATOR).report(project, ProjectResolver.label(request.project()), request, diagnostics);
    }

    /** Generates the DAG files; writes only what changed, removes what it generated for deleted job groups. */
    public Outcome generate(Request request) {
        Planned planned = plan(request.project(), request.output(), request.incremental());
        if (!planned.plan().upToDate()) {
            writer.apply(planned.root(), planned.plan(), planned.files(), planned.manifest());
        }
        if (planned.cache() != null) {
            planned.cache().remember(planned.root(), planned.project(), planned.files(), planned.manifest().files(),
                    planned.sourcesWithFindings());
        }
        return planned.outcome();
    }

    /**
     * Verifies that the output folder is exactly what {@link #generate} would write; throws
     * {@link StaleOutputException} naming every differing file otherwise. Writes nothing.
     */
    public Outcome check(Request request) {
        return upToDate(plan(request.project(), request.output(), request.incremental())).outcome();
    }

    /**
     * Imports every generated DAG file in a real Airflow at the project's target and checks its task graph
     * and that parsing runs no SQL. The output folder must be up to date ({@link StaleOutputException}
     * otherwise); failures raise {@link VerifyFailedException} naming each file.
     */
    public VerifyResult verify(VerifyRequest request, Progress progress) {
        Planned planned = upToDate(plan(request.project(), request.output(), false));
        return new ProjectVerifier().verify(planned.root(), planned.project(), planned.files(), request.python(),
                request.container(), progress);
    }

    /**
     * Deploys what the project generates (rendered afresh, so a stale output folder can never be deployed) to the
     * request's target: plan, changed files only, ownership, safe order, lock; optionally waits for Airflow.
     */
    public DeployResult deploy(Path projectDir, DeployRequest request, Progress progress) {
        Deployable deployable = deployable(projectDir);
        return new DeployService(progress).deploy(request, deployable.files(), deployable.deployment(), GENERATOR,
                deployable.airflowTarget());
    }

    /** Renders the project into the files a deploy uploads; throws on metadata errors like generate. */
    public Deployable deployable(Path projectDir) {
        Diagnostics diagnostics = new Diagnostics();
        Release release = renderer.release(bind(resolver.resolve(projectDir, diagnostics, Reuse.NONE), diagnostics).project());
        return new Deployable(release.files().stream()
                .map(f -> DeployFile.of(f.path(), f.content(), f.dagId()).withContract(f.contract())).toList(),
                release.deployment(), release.airflowTarget());
    }

    /** Writes the JSON Schemas of the metadata format into {@code dir}; returns the files written. */
    public List<Path> schema(Path dir) {
        return MetadataSchemas.write(dir);
    }

    /** Everything generate, check and verify share: the bound project, its files, and what writing would do. */
    private record Planned(Project project, List<GeneratedFile> files, Manifest manifest, Path root, WritePlan plan,
            List<Diagnostic> warnings, GenerationCache cache, Set<String> sourcesWithFindings) {

        Outcome outcome() {
            return new Outcome(plan, project.size(), warnings);
        }
    }

    private Planned plan(Path projectDir, Path output, boolean incremental) {
        Diagnostics diagnostics = new Diagnostics();
        GenerationCache cache = incremental
                ? GenerationCache.open(projectDir, output, templateDir, VERSION, ProjectResolver.label(projectDir)) : null;
        Reuse reuse = cache == null ? Reuse.NONE : cache;
        MergedProject merged = resolver.resolve(projectDir, diagnostics, reuse);
        ProjectBinder.Binding binding = bind(merged, diagnostics);
        Project project = binding.project();
        List<GeneratedFile> files = renderer.render(project);
        Manifest manifest = Manifest.of(GENERATOR, files, merged.sourceHashes(reuse));
        Path root = DagRenderer.root(project, output);
        return new Planned(project, files, manifest, root, writer.plan(root, files, manifest), diagnostics.sorted(), cache,
                binding.sourcesWithFindings());
    }

    /** Binds the merged project; throws {@link MetadataException} when anything is wrong. */
    private ProjectBinder.Binding bind(MergedProject merged, Diagnostics diagnostics) {
        ProjectBinder.Binding binding = binder.bind(merged, diagnostics);
        diagnostics.throwIfErrors();
        return binding;
    }

    private static Planned upToDate(Planned planned) {
        if (!planned.plan().upToDate()) {
            throw new StaleOutputException(planned.root(), planned.plan());
        }
        return planned;
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
