package io.emrdag;

import io.emrdag.cache.GenerationCache;
import io.emrdag.deploy.DeployEnvironment;
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
import io.emrdag.model.ProjectSettings;
import io.emrdag.porting.DagImporter;
import io.emrdag.porting.ImportRequest;
import io.emrdag.porting.ImportResult;
import io.emrdag.render.DagRenderer;
import io.emrdag.render.GeneratedFile;
import io.emrdag.render.Release;
import io.emrdag.report.CapacityReporter;
import io.emrdag.report.ReportRequest;
import io.emrdag.report.ReportResult;
import io.emrdag.resolve.MergedProject;
import io.emrdag.resolve.ProjectResolver;
import io.emrdag.resolve.Reuse;
import io.emrdag.schema.MetadataSchemas;
import io.emrdag.validate.CapacityChecks;
import io.emrdag.validate.ProjectBinder;
import io.emrdag.verify.ProjectVerifier;
import io.emrdag.verify.ScriptRunner;
import io.emrdag.verify.VerifyFailedException;
import io.emrdag.verify.VerifyResult;
import io.emrdag.write.Manifest;
import io.emrdag.write.OutputWriter;
import io.emrdag.write.StaleOutputException;
import io.emrdag.write.WritePlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

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
     * @param environment one of the environments {@code emrdag.yaml} declares (its files go into
     *     {@code <output>/<environment>/}); {@code null}: every environment in the {@code ...All} methods, the project as
     *     written in the others
     */
    public record Request(Path project, Path output, boolean incremental, String environment) {

        public Request(Path project, Path output, boolean incremental) {
            this(project, output, incremental, null);
        }

        /** Binds and renders every job group. */
        public Request(Path project, Path output) {
            this(project, output, false);
        }

        /** This request for {@code environment}. */
        public Request in(String environment) {
            return new Request(project, output, incremental, environment);
        }
    }

    /** Outcome of {@link #validate}: the job groups found and any warnings. */
    public record Validation(List<String> jobGroups, List<Diagnostic> warnings) {

        /** How many ids {@link #summary} names before it only counts: a project of thousands stays one short line. */
        static final int NAMED = 20;

        /** The line the CLI and the Maven goal print, e.g. {@code 2 job groups are valid: orders, payments}. */
        public String summary() {
            int count = jobGroups.size();
            String named = String.join(", ", jobGroups.subList(0, Math.min(count, NAMED)));
            return count + (count == 1 ? " job group is valid: " : " job groups are valid: ") + named
                    + (count > NAMED ? " and " + (count - NAMED) + " more" : "");
        }
    }

    /**
     * Outcome of {@link #generate} and {@link #check}.
     *
     * @param environment the environment generated or checked, or {@code null}
     * @param folder      the folder generated or checked: the output folder, or an environment's folder in it
     */
    public record Outcome(WritePlan plan, int jobGroups, List<Diagnostic> warnings, String environment, Path folder) {
    }

    /**
     * A project, its generated output folder, and optionally the Python interpreter (with Airflow and the
     * Amazon provider) to verify with; {@code null} means emrdag's own pinned environment for the target.
     */
    public record VerifyRequest(Path project, Path output, Path python, boolean container, String environment) {

        public VerifyRequest(Path project, Path output, Path python, boolean container) {
            this(project, output, python, container, null);
        }

        /** Verify with emrdag's pinned venv, or {@code python} when not null. */
        public VerifyRequest(Path project, Path output, Path python) {
            this(project, output, python, false);
        }

        VerifyRequest in(String environment) {
            return new VerifyRequest(project, output, python, container, environment);
        }
    }

    /**
     * What a deploy of the project uploads.
     *
     * @param deployment    the name of the project's manifest in the target (see {@link Release})
     * @param airflowTarget the Airflow version the project targets
     * @param environment   where it goes: the environment rendered, its deploy target and the environments declared
     */
    public record Deployable(List<DeployFile> files, String deployment, String airflowTarget, DeployEnvironment environment) {
    }

    /** The environments {@code emrdag.yaml} declares, in file order; empty when it declares none. */
    public List<String> environments(Path project) {
        return resolver.environments(project);
    }

    /** Checks the metadata of every environment (or the project); throws {@link MetadataException} listing every error. */
    public Validation validate(Path project) {
        return validate(project, null);
    }

    /** Checks the metadata of {@code environment}, or of every one when {@code null}; a finding shared by several shows once. */
    public Validation validate(Path project, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        List<String> ids = List.of();
        for (String each : covered(project, environment)) {
            Diagnostics own = new Diagnostics();
            Project bound = binder.bind(resolver.resolve(project, each, own, Reuse.NONE), own).project();
            if (bound != null && !own.hasErrors()) {
                new CapacityChecks(project, ProjectResolver.label(project)).validate(bound).forEach(own::add);
            }
            own.sorted().forEach(diagnostics::add);
            ids = bound == null ? ids : bound.jobGroups().stream().map(JobGroup::id).sorted().toList();
        }
        diagnostics.throwIfErrors();
        return new Validation(ids, diagnostics.sorted());
    }

    /**
     * Writes the capacity report of a project (the timeline of its clusters over the model year, concurrent clusters,
     * instances and vCPUs against the quotas in {@code emrdag.yaml}, instance-hours and costs per job group) as one
     * self-contained HTML page, and returns its figures as text; one page per environment when the request covers
     * several ({@link ReportRequest#in}). Every environment is laid out before any page is written; throws on metadata
     * errors like validate.
     */
    public List<ReportResult> report(ReportRequest request) {
        CapacityReporter reporter = new CapacityReporter(GENERATOR);
        String label = ProjectResolver.label(request.project());
        List<String> environments = covered(request.project(), request.environment());
        List<CapacityReporter.Prepared> prepared = inEveryEnvironment(environments, environment -> {
            Diagnostics diagnostics = new Diagnostics();
            Project project = bind(resolver.resolve(request.project(), environment, diagnostics, Reuse.NONE), diagnostics).project();
            return reporter.prepare(project, label, request.in(environment, environments.size() > 1), diagnostics);
        });
        return prepared.stream().map(reporter::write).toList();
    }

    /** Generates the DAG files; writes only what changed, removes what it generated for deleted job groups. */
    public Outcome generate(Request request) {
        return write(plan(request));
    }

    /**
     * Generates the request's environment, or every environment when it names none (the project itself when it declares
     * none): all are bound and rendered before any is written, so that a mistake in one leaves every folder as it was.
     */
    public List<Outcome> generateAll(Request request) {
        return plans(request).stream().map(this::write).toList();
    }

    private Outcome write(Planned planned) {
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
        return upToDate(plan(request)).outcome();
    }

    /** {@link #check} for the request's environment, or for every environment when it names none. */
    public List<Outcome> checkAll(Request request) {
        return plans(request).stream().map(p -> upToDate(p).outcome()).toList();
    }

    /**
     * Imports every generated DAG file in a real Airflow at the project's target and checks its task graph
     * and that parsing runs no SQL. The output folder must be up to date ({@link StaleOutputException}
     * otherwise); failures raise {@link VerifyFailedException} naming each file.
     */
    public VerifyResult verify(VerifyRequest request, Progress progress) {
        Planned planned = upToDate(plan(new Request(request.project(), request.output(), false, request.environment())));
        return new ProjectVerifier().verify(planned.root(), planned.project(), planned.files(), request.python(),
                request.container(), progress);
    }

    /**
     * {@code emrdag import}: reads hand-written EMR DAGs in a real Airflow, writes them as a new project and proves
     * each port against its original; {@code python} is an interpreter with Airflow, or null for the pinned venv.
     */
    public ImportResult importDags(ImportRequest request, Path python, Progress progress) {
        return new DagImporter(new ScriptRunner(), (project, output) -> generate(new Request(project, output, false)))
                .run(request, python, progress);
    }

    /** {@link #verify} for the request's environment, or for each environment in turn when it names none. */
    public List<VerifyResult> verifyAll(VerifyRequest request, Progress progress) {
        return covered(request.project(), request.environment()).stream().map(e -> verify(request.in(e), progress)).toList();
    }

    /**
     * Deploys what the project generates (rendered afresh, so a stale output folder can never be deployed) to the
     * request's target: plan, changed files only, ownership, safe order, lock; optionally waits for Airflow.
     */
    public DeployResult deploy(Path projectDir, DeployRequest request, Progress progress) {
        Deployable deployable = deployable(projectDir, request.environment());
        return new DeployService(progress).deploy(request, deployable.files(), deployable.deployment(), GENERATOR,
                deployable.airflowTarget(), deployable.environment());
    }

    /** Renders the project as written into the files a deploy uploads; throws on metadata errors like generate. */
    public Deployable deployable(Path projectDir) {
        return deployable(projectDir, null);
    }

    /** Renders {@code environment} (the project as written when {@code null}) into the files a deploy uploads. */
    public Deployable deployable(Path projectDir, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        Project project = bind(resolver.resolve(projectDir, environment, diagnostics, Reuse.NONE), diagnostics).project();
        Release release = renderer.release(project);
        return new Deployable(release.files().stream()
                .map(f -> DeployFile.of(f.path(), f.content(), f.dagId()).withContract(f.contract())).toList(),
                release.deployment(), release.airflowTarget(), new DeployEnvironment(environment,
                        project.settings().deployTarget(), resolver.environments(projectDir)));
    }

    /** Writes the JSON Schemas of the metadata format into {@code dir}; returns the files written. */
    public List<Path> schema(Path dir) {
        return MetadataSchemas.write(dir);
    }

    /** Everything generate, check and verify share: the bound project, its files, and what writing would do. */
    private record Planned(Project project, List<GeneratedFile> files, Manifest manifest, Path root, WritePlan plan,
            List<Diagnostic> warnings, GenerationCache cache, Set<String> sourcesWithFindings) {

        Outcome outcome() {
            return new Outcome(plan, project.size(), warnings, project.settings().environment(),
                    project.settings().layout() == ProjectSettings.Layout.PACKAGE ? root.getParent() : root);
        }
    }

    private Planned plan(Request request) {
        Path projectDir = request.project();
        Path output = request.output();
        Diagnostics diagnostics = new Diagnostics();
        GenerationCache cache = request.incremental() ? GenerationCache.open(projectDir, output, request.environment(),
                templateDir, VERSION, ProjectResolver.label(projectDir)) : null;
        Reuse reuse = cache == null ? Reuse.NONE : cache;
        MergedProject merged = resolver.resolve(projectDir, request.environment(), diagnostics, reuse);
        ProjectBinder.Binding binding = bind(merged, diagnostics);
        Project project = binding.project();
        List<GeneratedFile> files = renderer.render(project);
        Manifest manifest = Manifest.of(GENERATOR, files, merged.sourceHashes(reuse)).in(project.settings().environment());
        Path root = DagRenderer.root(project, output);
        writer.checkEnvironment(output, root, project.settings().environment());
        return new Planned(project, files, manifest, root, writer.plan(root, files, manifest), diagnostics.sorted(), cache,
                binding.sourcesWithFindings());
    }

    /** The plan of each environment the request covers; every environment's metadata errors at once. */
    private List<Planned> plans(Request request) {
        return inEveryEnvironment(covered(request.project(), request.environment()), environment -> plan(request.in(environment)));
    }

    /**
     * {@code work} for each environment, in order; the metadata errors of all of them are thrown together, and only
     * when every environment is free of them are the results returned (so nothing is written for a half-good project).
     */
    private static <T> List<T> inEveryEnvironment(List<String> environments, Function<String, T> work) {
        Diagnostics errors = new Diagnostics();
        List<T> results = new ArrayList<>();
        for (String environment : environments) {
            try {
                results.add(work.apply(environment));
            } catch (MetadataException e) {
                e.diagnostics().forEach(errors::add);
            }
        }
        errors.throwIfErrors();
        return results;
    }

    /** The environment asked for; else every environment the project declares; else the project as written (null). */
    private List<String> covered(Path project, String environment) {
        List<String> declared = environment == null ? resolver.environments(project) : List.of();
        return declared.isEmpty() ? Collections.singletonList(environment) : declared;
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
