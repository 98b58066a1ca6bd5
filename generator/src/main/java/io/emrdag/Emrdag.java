package io.emrdag;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.cache.GenerationCache;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import io.emrdag.render.DagRenderer;
import io.emrdag.render.GeneratedFile;
import io.emrdag.resolve.ProjectResolver;
import io.emrdag.resolve.Reuse;
import io.emrdag.write.Manifest;
import io.emrdag.write.OutputWriter;
import io.emrdag.write.StaleOutputException;
import io.emrdag.write.WritePlan;
import io.emrdag.model.MwaaTarget;
import io.emrdag.verify.DagVerifier;
import io.emrdag.verify.ExpectedGraph;
import io.emrdag.verify.Progress;
import io.emrdag.verify.PythonEnvironments;
import io.emrdag.verify.ScriptRunner;
import io.emrdag.verify.VerifyFailedException;
import io.emrdag.verify.VerifyResult;
import java.time.Duration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one entry point of emrdag: load → validate → resolve → render → write. The CLI and the Maven plugin
 * build a request, call one method here and present the result; they hold no logic of their own.
 *
 * <p>User mistakes surface as {@link io.emrdag.diagnostic.UserErrorException}s (metadata errors with every
 * located diagnostic, a stale output folder, foreign files in the way), environment failures as
 * {@link EnvironmentException}.
 */
public final class Emrdag {

    /** The version written into the manifest. */
    public static final String VERSION = versionOf();

    private final ProjectResolver resolver = new ProjectResolver();
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
     * Imports every generated DAG file in a real Airflow at the project's target and checks its task graph
     * and that parsing runs no SQL. The output folder must be up to date ({@link StaleOutputException}
     * otherwise); failures raise {@link VerifyFailedException} naming each file.
     */
    public VerifyResult verify(VerifyRequest request, Progress progress) {
        Planned planned = upToDate(plan(request.project(), request.output(), false));
        Project project = planned.project();
        Path root = planned.root();
        MwaaTarget target = MwaaTarget.forVersion(project.settings().target()).orElseThrow();
        ScriptRunner runner = new ScriptRunner();
        long started = System.nanoTime();
        Path python = request.container() ? null
                : request.python() != null ? request.python() : new PythonEnvironments(runner).pythonFor(target, progress);
        Duration environmentTime = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Object> expected = new TreeMap<>();
        Map<String, JobGroup> bySource = new TreeMap<>();
        project.jobGroups().forEach(g -> bySource.put(g.source(), g));
        planned.files().stream().filter(f -> f.source() != null)
                .forEach(f -> expected.put(f.path(), ExpectedGraph.of(bySource.get(f.source()))));
        expected.put(DagRenderer.JANITOR, ExpectedGraph.janitor(DagRenderer.janitorDagId(project.settings())));
        // A given interpreter is compared with the target's pins (emrdag's own environment is made from them).
        Path pins = request.python() != null && PythonEnvironments.hasPins(target) ? PythonEnvironments.pinsFile(target, runner) : null;
        VerifyResult result = new DagVerifier(runner).verify(root, expected, python,
                request.container() ? target : null, pins, progress, environmentTime);
        if (!result.ok()) {
            throw new VerifyFailedException(root.toString(), result);
        }
        return result;
    }

    /**
     * Deploys what the project generates (rendered afresh, so a stale output folder can never be deployed) to the
     * request's target: plan, changed files only, ownership, safe order, lock; optionally waits for Airflow.
     */
    public io.emrdag.deploy.DeployResult deploy(Path projectDir, io.emrdag.deploy.DeployRequest request, Progress progress) {
        Deployable deployable = deployable(projectDir);
        return new io.emrdag.deploy.DeployService(progress)
                .deploy(request, deployable.files(), deployable.deployment(), "emrdag " + VERSION, deployable.airflowTarget());
    }

    /**
     * What a deploy of the project uploads, with each file's contract with the shared modules.
     *
     * @param deployment   the name of the project's manifest in the target: its package name with the package
     *                     layout (the files go into that folder, so several projects can share a DAG folder),
     *                     else "default"
     * @param airflowTarget the Airflow version the project targets
     */
    public record Deployable(List<io.emrdag.deploy.DeployFile> files, String deployment, String airflowTarget) {
    }

    /** Renders the project into the files a deploy uploads; throws on metadata errors like generate. */
    public Deployable deployable(Path projectDir) {
        Project project = resolve(projectDir, new Diagnostics());
        boolean packaged = project.settings().layout() == io.emrdag.model.ProjectSettings.Layout.PACKAGE;
        String folder = packaged ? project.settings().packageName() + "/" : "";
        Map<String, String> dagIds = new TreeMap<>();
        project.jobGroups().forEach(g -> dagIds.put(g.source(), g.dagId()));
        Map<String, Map<String, java.util.Set<String>>> contracts = io.emrdag.render.SharedContracts.of(project, folder + "templates.py");
        List<io.emrdag.deploy.DeployFile> files = renderer.render(project).stream()
                .map(f -> io.emrdag.deploy.DeployFile.of(folder + f.path(), f.content(), f.source() != null ? dagIds.get(f.source())
                                : f.path().equals(DagRenderer.JANITOR) ? DagRenderer.janitorDagId(project.settings()) : null)
                        .withContract(contracts.get(f.path())))
                .toList();
        return new Deployable(files, packaged ? project.settings().packageName() : "default", project.settings().target());
    }

    /**
     * Writes the fleet report of a project (the timeline of its clusters over the model year, concurrent clusters,
     * instances and vCPUs against the quotas in {@code emrdag.yaml}, instance-hours and costs per job group) as one
     * self-contained HTML page, and returns its figures as text. Throws on metadata errors like validate.
     */
    public io.emrdag.report.ReportResult report(io.emrdag.report.ReportRequest request) {
        Diagnostics diagnostics = new Diagnostics();
        Project project = resolve(request.project(), diagnostics);
        String label = ProjectResolver.label(request.project());
        io.emrdag.validate.FleetChecks checks = new io.emrdag.validate.FleetChecks(request.project(), label);
        io.emrdag.capacity.PriceTable prices = checks.prices(project.settings().capacity(), request.prices(), diagnostics).orElse(null);
        io.emrdag.capacity.FleetPlan plan = io.emrdag.capacity.FleetPlan.of(project, request.year());
        io.emrdag.capacity.Concurrency concurrency = io.emrdag.capacity.Concurrency.of(plan);
        List<io.emrdag.capacity.QuotaUse> quotas = io.emrdag.capacity.QuotaUse.of(plan, concurrency);
        checks.check(project, plan, quotas).forEach(diagnostics::add);
        diagnostics.throwIfErrors();
        io.emrdag.report.ReportModel model = io.emrdag.report.ReportModel.of(project.settings().project(), label, "emrdag " + VERSION,
                plan, concurrency, quotas, prices);
        return new io.emrdag.report.HtmlReport().write(request.output(), model, diagnostics.sorted());
    }

    /** Writes the JSON Schemas of the metadata format into {@code dir}; returns the files written. */
    public List<Path> schema(Path dir) {
        return io.emrdag.schema.MetadataSchemas.write(dir);
    }

    /** Checks the metadata only; throws {@link io.emrdag.diagnostic.MetadataException} listing every error. */
    public Validation validate(Path project) {
        Diagnostics diagnostics = new Diagnostics();
        Project resolved = resolve(project, diagnostics);
        new io.emrdag.validate.FleetChecks(project, ProjectResolver.label(project)).validate(resolved).forEach(diagnostics::add);
        diagnostics.throwIfErrors();
        return new Validation(resolved.jobGroups().stream().map(JobGroup::id).sorted().toList(), diagnostics.sorted());
    }

    /** Generates the DAG files; writes only what changed, removes what it generated for deleted job groups. */
    public Outcome generate(Request request) {
        Planned planned = plan(request.project(), request.output(), request.incremental());
        if (!planned.plan().upToDate()) {
            writer.apply(planned.root(), planned.plan(), planned.files(), planned.manifest());
        }
        remember(planned);
        return planned.outcome();
    }

    /**
     * Verifies that the output folder is exactly what {@link #generate} would write; throws
     * {@link StaleOutputException} naming every differing file otherwise. Writes nothing.
     */
    public Outcome check(Request request) {
        return upToDate(plan(request.project(), request.output(), request.incremental())).outcome();
    }

    /** Everything generate, check and verify share: the resolved project, its files, and what writing would do. */
    private record Planned(Project project, List<GeneratedFile> files, Manifest manifest, Path root, WritePlan plan,
            List<Diagnostic> warnings, GenerationCache cache, java.util.Set<String> sourcesWithFindings) {

        Outcome outcome() {
            return new Outcome(plan, project.size(), warnings);
        }
    }

    private Planned plan(Path projectDir, Path output, boolean incremental) {
        Diagnostics diagnostics = new Diagnostics();
        GenerationCache cache = incremental
                ? GenerationCache.open(projectDir, output, templateDir, VERSION, ProjectResolver.label(projectDir)) : null;
        ProjectResolver.Resolution resolution = resolver.resolve(projectDir, diagnostics, cache == null ? Reuse.NONE : cache);
        diagnostics.throwIfErrors();
        Project project = resolution.project();
        List<GeneratedFile> files = renderer.render(project);
        Manifest manifest = manifest(projectDir, project, files, cache);
        Path root = DagRenderer.root(project, output);
        return new Planned(project, files, manifest, root, writer.plan(root, files, manifest), diagnostics.sorted(), cache,
                resolution.sourcesWithFindings());
    }

    /** Records what this run generated, so that the next one binds and renders only what changed. */
    private static void remember(Planned planned) {
        if (planned.cache() == null) {
            return;
        }
        Map<String, String> profiles = new java.util.HashMap<>();
        planned.project().jobGroups().forEach(g -> profiles.put(g.source(), g.cluster().profile()));
        planned.project().reused().forEach(r -> profiles.put(r.source(), r.profile()));
        List<GenerationCache.Record> records = new ArrayList<>();
        for (GeneratedFile file : planned.files()) {
            if (file.source() != null && !planned.sourcesWithFindings().contains(file.source())) {
                records.add(new GenerationCache.Record(file.source(), profiles.get(file.source()), file.path(),
                        planned.manifest().files().get(file.path())));
            }
        }
        planned.cache().save(planned.root(), records);
    }

    private static Planned upToDate(Planned planned) {
        if (!planned.plan().upToDate()) {
            throw new StaleOutputException(planned.root(), planned.plan());
        }
        return planned;
    }

    private Project resolve(Path project, Diagnostics diagnostics) {
        Project resolved = resolver.resolve(project, diagnostics);
        diagnostics.throwIfErrors();
        return resolved;
    }

    private static Manifest manifest(Path projectDir, Project project, List<GeneratedFile> files, GenerationCache cache) {
        Map<String, String> fileHashes = new TreeMap<>();
        files.parallelStream()
                .map(f -> Map.entry(f.path(), f.sha256() != null ? f.sha256() : OutputWriter.sha256(f.content().getBytes(StandardCharsets.UTF_8))))
                .toList().forEach(e -> fileHashes.put(e.getKey(), e.getValue()));
        Map<String, String> sources = new TreeMap<>();
        String label = ProjectResolver.label(projectDir);
        List<String> sourceFiles = new ArrayList<>();
        project.jobGroups().forEach(g -> sourceFiles.add(g.source()));
        project.reused().forEach(r -> sourceFiles.add(r.source()));
        Path settings = projectDir.resolve(ProjectResolver.SETTINGS_FILE);
        if (Files.isRegularFile(settings)) {
            sourceFiles.add(label + "/" + ProjectResolver.SETTINGS_FILE);
        }
        sourceFiles.parallelStream().map(source -> {
            Path file = projectDir.resolve(source.substring(label.length() + 1));
            try {
                if (cache != null && !source.endsWith("/" + ProjectResolver.SETTINGS_FILE)) {
                    return Map.entry(source, cache.sourceHash(source, file));
                }
                return Map.entry(source, OutputWriter.sha256(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }).toList().forEach(e -> sources.put(e.getKey(), e.getValue()));
        return new Manifest("emrdag " + VERSION, fileHashes, sources);
    }

    private static String versionOf() {
        try (var in = Emrdag.class.getResourceAsStream("version.properties")) {
            java.util.Properties properties = new java.util.Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
