package io.emrdag.pipeline;

import io.emrdag.cache.GenerationCache;
import io.emrdag.deploy.DeployEnvironment;
import io.emrdag.deploy.DeployFile;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Progress;
import io.emrdag.model.JobGroup;
import io.emrdag.model.OutputLayout;
import io.emrdag.model.Project;
import io.emrdag.render.DagRenderer;
import io.emrdag.render.GeneratedFile;
import io.emrdag.render.Release;
import io.emrdag.report.CapacityReporter;
import io.emrdag.report.ReportRequest;
import io.emrdag.report.ReportResult;
import io.emrdag.resolve.MergedProject;
import io.emrdag.resolve.ProjectResolver;
import io.emrdag.validate.CapacityChecks;
import io.emrdag.validate.ProjectBinder;
import io.emrdag.verify.ProjectVerifier;
import io.emrdag.verify.VerifyResult;
import io.emrdag.write.Manifest;
import io.emrdag.write.OutputWriter;
import io.emrdag.write.StaleOutputException;
import io.emrdag.write.WritePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stages wired once: resolve → bind → render for a project and an environment, then write, check, verify, deploy or
 * report what came out. Every command of the facade is one of these methods; none of them wires the stages itself.
 * The incremental cache is opened and recorded here (and nowhere else outside its own package).
 */
public final class Pipeline {

    private final ProjectResolver resolver = new ProjectResolver();
    private final ProjectBinder binder = new ProjectBinder();
    private final OutputWriter writer = new OutputWriter();
    /** Made when first needed: {@code validate} and {@code report} render nothing, and FreeMarker's set-up costs a start. */
    private DagRenderer renderer;
    private final Path templateDir;
    private final String version;
    private final String generator;

    /**
     * @param templateDir a folder of DAG templates to use instead of the shipped ones, or {@code null}
     * @param version     emrdag's version, written into manifests and cache keys
     */
    public Pipeline(Path templateDir, String version) {
        // Templates of one's own are checked at once, as before any metadata; the shipped ones are always there.
        this.renderer = templateDir == null ? null : new DagRenderer(templateDir);
        this.templateDir = templateDir;
        this.version = version;
        this.generator = "emrdag " + version;
    }

    private synchronized DagRenderer renderer() {
        if (renderer == null) {
            renderer = new DagRenderer(templateDir);
        }
        return renderer;
    }

    /** The environments {@code emrdag.yaml} declares, in file order; empty when it declares none. */
    public List<String> environments(Path project) {
        return resolver.environments(project);
    }

    /** Checks the metadata of {@code environment}, or of every one when {@code null}; a finding shared by several shows once. */
    public Validation validate(Path project, String environment) {
        Diagnostics diagnostics = new Diagnostics();
        List<String> ids = List.of();
        for (String each : Environments.of(resolver, project, environment).names()) {
            Diagnostics own = new Diagnostics();
            ProjectBinder.Binding binding = binder.bind(resolver.resolve(project, each, own), own);
            Project bound = binding.project();
            if (bound != null && !own.hasErrors()) {
                new CapacityChecks(project, ProjectResolver.label(project), binding.written()).validate(bound).forEach(own::add);
            }
            own.sorted().forEach(diagnostics::add);
            ids = bound == null ? ids : bound.jobGroups().stream().map(JobGroup::id).sorted().toList();
        }
        diagnostics.throwIfErrors();
        return new Validation(ids, diagnostics.sorted());
    }

    /** Every environment's report laid out before any page is written; one page each. */
    public List<PerEnvironment<ReportResult>> report(ReportRequest request) {
        CapacityReporter reporter = new CapacityReporter(generator);
        String label = ProjectResolver.label(request.project());
        Environments environments = Environments.of(resolver, request.project(), request.environment());
        List<PerEnvironment<CapacityReporter.Prepared>> prepared = environments.eachLabelled(environment -> {
            Diagnostics diagnostics = new Diagnostics();
            ProjectBinder.Binding binding = binder.bind(resolver.resolve(request.project(), environment, diagnostics), diagnostics);
            diagnostics.throwIfErrors();
            return reporter.prepare(binding.project(), binding.written(), label, request.in(environment, environments.several()),
                    diagnostics);
        });
        return prepared.stream().map(p -> new PerEnvironment<>(p.environment(), p.several(), reporter.write(p.result()))).toList();
    }

    /** Generates the project as the request names it (the project as written when it names no environment). */
    public Outcome generateOne(Request request) {
        return write(plan(request));
    }

    /** Checks the project as the request names it; throws {@link StaleOutputException} naming every differing file. */
    public Outcome checkOne(Request request) {
        return upToDate(plan(request)).outcome();
    }

    /** Verifies the project as the request names it; the output folder must be up to date. */
    public VerifyResult verifyOne(VerifyRequest request, Progress progress) {
        Planned planned = upToDate(plan(request.generated()));
        return new ProjectVerifier().verify(planned.root(), planned.project(), planned.files(), request.python(),
                request.container(), progress);
    }

    /** Every environment the request covers planned before any is written, then written in turn. */
    public List<Outcome> generate(Request request) {
        return plans(request).stream().map(this::write).toList();
    }

    /** Every environment the request covers checked; every stale one is named in one {@link StaleOutputException}. */
    public List<Outcome> check(Request request) {
        List<Planned> plans = plans(request);
        List<StaleOutputException> stale = new ArrayList<>();
        for (Planned planned : plans) {
            try {
                upToDate(planned);
            } catch (StaleOutputException e) {
                stale.add(e);
            }
        }
        if (stale.size() == 1) {
            throw stale.get(0);
        }
        if (!stale.isEmpty()) {
            throw new StaleOutputException(stale);
        }
        return plans.stream().map(Planned::outcome).toList();
    }

    /** Verifies each environment the request covers in turn; the output folder must be up to date. */
    public List<PerEnvironment<VerifyResult>> verify(VerifyRequest request, Progress progress) {
        Environments environments = Environments.of(resolver, request.project(), request.environment());
        return environments.names().stream().map(environment -> new PerEnvironment<>(environment, environments.several(),
                verifyOne(request.in(environment), progress))).toList();
    }

    /** Renders {@code environment} (the project as written when {@code null}) into the files a deploy uploads. */
    public Deployable deployable(Path projectDir, String environment) {
        Project project = bound(projectDir, environment, new Diagnostics());
        Release release = renderer().release(project);
        return new Deployable(release.files().stream()
                .map(f -> DeployFile.of(f.path(), f.content(), f.dagId()).withContract(f.contract())).toList(),
                release.deployment(), release.airflowTarget(), new DeployEnvironment(environment,
                        project.settings().deployment().deployTarget(), resolver.environments(projectDir)));
    }

    /** What a deploy's manifest and lock name as their writer. */
    public String generator() {
        return generator;
    }

    /** Everything generate, check and verify share: the bound project, its files, and what writing would do. */
    private record Planned(Project project, Memo.Bound bound, List<GeneratedFile> files, Manifest manifest, OutputLayout layout,
            WritePlan plan, List<Diagnostic> warnings, Memo memo) {

        Path root() {
            return layout.root();
        }

        Outcome outcome() {
            return new Outcome(plan, bound.binding().summaries().size(), warnings, project.settings().deployment().environment(),
                    layout.shownFolder());
        }
    }

    private List<Planned> plans(Request request) {
        return Environments.of(resolver, request.project(), request.environment()).each(e -> plan(request.in(e)));
    }

    private Planned plan(Request request) {
        Path projectDir = request.project();
        Memo memo = request.incremental() ? new Memo(GenerationCache.open(projectDir, request.output(), request.environment(),
                templateDir, version, ProjectResolver.label(projectDir))) : Memo.NONE;
        Diagnostics diagnostics = new Diagnostics();
        MergedProject merged = resolver.resolve(projectDir, request.environment(), diagnostics).hashingSources();
        Memo.Bound bound = memo.bind(binder, merged, diagnostics);
        diagnostics.throwIfErrors();
        Project project = bound.binding().project();
        List<GeneratedFile> files = renderer().render(project);
        Map<String, String> inPlace = Memo.inPlace(bound);
        Manifest manifest = Manifest.of(generator, files, inPlace, merged.sourceHashes(memo.knownHashes()),
                project.settings().deployment().environment());
        OutputLayout layout = OutputLayout.of(project.settings(), request.output());
        OutputWriter.Current current = writer.readManifest(layout.root(), manifest);
        writer.checkEnvironment(request.output(), layout.root(), current.manifest(), project.settings().deployment().environment());
        Planned pl = new Planned(project, bound, files, manifest, layout, writer.plan(layout.root(), current, files, inPlace.keySet(), manifest),
                diagnostics.sorted(), memo);
        return pl;
    }

    private Outcome write(Planned planned) {
        if (!planned.plan().upToDate()) {
            writer.apply(planned.root(), planned.plan(), planned.files(), planned.manifest());
        }
        planned.memo().remember(planned.root(), planned.project(), planned.bound(), planned.files(), planned.manifest());
        return planned.outcome();
    }

    /** Resolves and binds without the cache; throws {@link io.emrdag.diagnostic.MetadataException} when anything is wrong. */
    private Project bound(Path projectDir, String environment, Diagnostics diagnostics) {
        Project project = binder.bind(resolver.resolve(projectDir, environment, diagnostics), diagnostics).project();
        diagnostics.throwIfErrors();
        return project;
    }

    private static Planned upToDate(Planned planned) {
        if (!planned.plan().upToDate()) {
            throw new StaleOutputException(planned.root(), planned.plan());
        }
        return planned;
    }
}
