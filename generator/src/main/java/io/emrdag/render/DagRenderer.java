package io.emrdag.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.SimpleHash;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.hash.DagFingerprint;
import io.emrdag.model.Cluster;
import io.emrdag.model.ClusterMode;
import io.emrdag.model.DagArguments;
import io.emrdag.model.JobGroup;
import io.emrdag.model.OutputLayout;
import io.emrdag.model.Project;
import io.emrdag.model.ProjectSettings;
import io.emrdag.model.Step;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Renders a resolved project into the output files with the FreeMarker templates of {@code dag-templates/}.
 * View objects carry values, Python literals written by {@link PythonLiteral}; the templates hold every line of Python.
 *
 * <p>Thread-safe: the FreeMarker configuration is shared and read-only after construction, and job groups
 * are rendered in parallel.
 */
public final class DagRenderer {

    static final String TEMPLATES = "templates.py";
    static final String TEMPLATE_GENERATOR = "template_generator.py";
    /** The project's janitor DAG; not named like a job group's file ({@code <id>_dag.py}) on purpose. */
    public static final String JANITOR = "cluster_janitor.py";

    /** A DAG file is about 9-13 KB: a buffer of that size is not copied while it grows. */
    private static final int OUTPUT_CAPACITY = 16 * 1024;

    private final Configuration freemarker;
    private final RecordWrapper wrapper = new RecordWrapper(Configuration.VERSION_2_3_34);
    /**
     * Each template as first loaded: one generate renders the same template thousands of times, and FreeMarker's own
     * cache looks each one up again (and checks the template's source for changes every few seconds).
     */
    private final Map<String, Template> templates = new ConcurrentHashMap<>();

    /** Uses the templates shipped in the jar. */
    public DagRenderer() {
        this(null);
    }

    /** Uses the templates in {@code templateDir} (tests, template development), or the shipped ones if null. */
    public DagRenderer(Path templateDir) {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        try {
            freemarker.setTemplateLoader(templateDir == null
                    ? new ClassTemplateLoader(DagRenderer.class, "templates")
                    : new FileTemplateLoader(templateDir.toFile()));
        } catch (IOException e) {
            throw new EnvironmentException("cannot read templates in " + templateDir + ": " + e.getMessage(), e);
        }
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setNumberFormat("computer");
        freemarker.setBooleanFormat("c");
        freemarker.setObjectWrapper(wrapper);
    }

    /**
     * All output files of {@code project}, shared modules first, then one DAG file per job group by id. Paths
     * are relative to {@link #root}: the output folder, or the package folder in it.
     */
    public List<GeneratedFile> render(Project project) {
        List<GeneratedFile> files = new ArrayList<>();
        if (OutputLayout.of(project.settings()).packaged()) {
            files.add(new GeneratedFile("__init__.py", render("package_init.py.ftl", Map.of()), null));
        }
        files.add(new GeneratedFile(TEMPLATE_GENERATOR, render("template_generator.py.ftl", Map.of()), null));
        files.add(new GeneratedFile(TEMPLATES, render("templates.py.ftl", Map.of("view", templatesView(project))), null));
        files.add(new GeneratedFile(JANITOR, render("cluster_janitor.py.ftl", Map.of("view", janitorView(project))), null));
        // Job groups are independent: render them on all cores. The ordered stream keeps the result sorted
        // by id whatever thread finished first, so the output stays deterministic.
        TreeMap<String, GeneratedFile> dags = new TreeMap<>();
        project.jobGroups().parallelStream()
                .map(group -> Map.entry(group.id(), new GeneratedFile(dagFileName(group),
                        DagFingerprint.stampBytes(render("job_group_dag.py.ftl", Map.of("view", dagView(project, group)))),
                        group.source())))
                .toList().forEach(e -> dags.put(e.getKey(), e.getValue()));
        files.addAll(dags.values());
        return files;
    }

    /** Renders the project as a deploy uploads it: in its package folder, each file with its DAG id and contract. */
    public Release release(Project project) {
        ProjectSettings settings = project.settings();
        OutputLayout layout = OutputLayout.of(settings);
        String folder = layout.packagePrefix();
        Map<String, String> dagIds = new TreeMap<>();
        project.jobGroups().forEach(g -> dagIds.put(g.source(), g.dag().dagId()));
        Map<String, Map<String, Set<String>>> contracts = SharedContracts.of(project, folder + TEMPLATES);
        List<Release.File> files = render(project).stream()
                .map(f -> new Release.File(folder + f.path(), f.content(), f.source() != null ? dagIds.get(f.source())
                        : f.path().equals(JANITOR) ? janitorDagId(settings) : null, contracts.get(f.path())))
                .toList();
        return new Release(files, layout.deployment(), settings.target());
    }

    private String render(String name, Map<String, Object> model) {
        try {
            Template template = templates.get(name);
            if (template == null) {
                template = freemarker.getTemplate(name);
                templates.putIfAbsent(name, template);
            }
            // The data model wrapped once, so that its records keep the models of their parts (see RecordWrapper).
            SimpleHash root = new SimpleHash(wrapper);
            for (Map.Entry<String, Object> entry : model.entrySet()) {
                root.put(entry.getKey(), wrapper.wrap(entry.getValue()));
            }
            TextOut out = new TextOut(OUTPUT_CAPACITY);
            template.process(root, out);
            return out.toString();
        } catch (TemplateException e) {
            throw new TemplateFailureException(name, e.getMessageWithoutStackTop(), e);
        } catch (IOException e) {
            throw new TemplateFailureException(name, e.getMessage(), e);
        }
    }

    /**
     * A {@link java.io.StringWriter} without its lock: FreeMarker writes a DAG file in hundreds of small pieces, and
     * the quick JIT tier takes the {@code StringBuffer}'s lock for each one. One thread writes it, then reads it.
     */
    private static final class TextOut extends Writer {

        private final StringBuilder text;

        TextOut(int capacity) {
            text = new StringBuilder(capacity);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string) {
            text.append(string);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public Writer append(CharSequence chars) {
            text.append(chars);
            return this;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static TemplatesView templatesView(Project project) {
        PythonLiteral python = new PythonLiteral("Verbatim");
        List<TemplatesView.Entry> entries = new ArrayList<>();
        boolean verbatim = false;
        for (Map.Entry<String, Cluster> profile : new TreeMap<>(project.profiles()).entrySet()) {
            Map<String, Object> request = EmrRequests.runJobFlow(profile.getValue(), project.settings().naming().project());
            verbatim |= PythonLiteral.needsVerbatim(request);
            entries.add(new TemplatesView.Entry(PythonLiteral.string(profile.getKey()), python.format(request, 4)));
        }
        return new TemplatesView(verbatim, packageName(project.settings()), entries, python.format(sparkStepTemplate(), 0));
    }

    static Map<String, Object> sparkStepTemplate() {
        Map<String, Object> jar = new LinkedHashMap<>();
        jar.put("Jar", "command-runner.jar");
        jar.put("Args", new PythonLiteral.Placeholder("args"));
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("Name", new PythonLiteral.Placeholder("name"));
        step.put("ActionOnFailure", new PythonLiteral.Placeholder("action_on_failure"));
        step.put("HadoopJarStep", jar);
        return step;
    }

    private static DagView dagView(Project project, JobGroup group) {
        PythonLiteral python = new PythonLiteral("template_generator.Verbatim");
        ProjectSettings settings = project.settings();
        boolean creates = group.emr().clusterMode().createsCluster();
        ClusterFill fill = creates ? ClusterFill.of(project, group) : null;
        Map<String, Object> knobs = creates ? fill.knobs() : Map.of();
        DagView.ClusterRequest clusterRequest = creates ? new DagView.ClusterRequest(PythonLiteral.string(group.emr().cluster().profile()),
                python.format(fill.values(), 4), fill.overrides().isEmpty() ? null : python.format(fill.overrides(), 4)) : null;

        List<String> steps = new ArrayList<>();
        List<DagView.Watcher> watchers = new ArrayList<>();
        for (int i = 0; i < group.emr().steps().size(); i++) {
            Step step = group.emr().steps().get(i);
            steps.add(python.format(stepValues(group, step), 8));
            watchers.add(new DagView.Watcher("watch_" + step.name(), PythonLiteral.string("watch_" + step.name()), i,
                    group.emr().sensor().pokeInterval().toSeconds(), group.emr().sensor().timeout().toSeconds(),
                    PythonLiteral.string(group.emr().sensor().mode()), WorkflowParts.overdueSeconds(group, step)));
        }
        String reruns = group.emr().steps().stream().anyMatch(s -> s.runs().reruns() > 0)
                ? PythonLiteral.plain().format(new ArrayList<Object>(group.emr().steps().stream().map(s -> s.runs().reruns()).toList()), 0)
                : null;

        LocalDate start = LocalDate.parse(group.timing().startDate());
        DagView.DagArguments dag = new DagView.DagArguments(PythonLiteral.string(group.dag().dagId()),
                PythonLiteral.plain().format(new ArrayList<Object>(group.dag().tags()), 4),
                group.dag().arguments().params().isEmpty() ? null
                        : PythonLiteral.plain().format(new LinkedHashMap<String, Object>(group.dag().arguments().params()), 0),
                new DagView.Timing(group.timing().schedule() == null ? PythonLiteral.NONE : PythonLiteral.string(group.timing().schedule()),
                        new DagView.StartDate(start.getYear(), start.getMonthValue(), start.getDayOfMonth(), PythonLiteral.string(group.timing().timezone())),
                        group.timing().catchup(),
                        group.timing().dagrunTimeout() == null ? PythonLiteral.NONE : PythonLiteral.timedelta(group.timing().dagrunTimeout())),
                new DagView.Concurrency(group.timing().maxActiveRuns(), group.dag().arguments().maxActiveTasks()),
                new DagView.DefaultArgs(PythonLiteral.string(group.dag().owner()), group.timing().retries(), PythonLiteral.timedelta(group.timing().retryDelay()),
                        moreDefaultArgs(group.dag().arguments())),
                new DagView.Connections(PythonLiteral.string(group.emr().awsConnId()),
                        group.emr().emrConnId() == null ? PythonLiteral.NONE : PythonLiteral.string(group.emr().emrConnId())));
        String executionRoles = group.emr().steps().stream().anyMatch(s -> s.executionRoleArn() != null)
                ? PythonLiteral.plain().format(new ArrayList<Object>(group.emr().steps().stream().map(Step::executionRoleArn).toList()), 0)
                : null;

        DagView.Dependencies dependencies = WorkflowParts.dependencies(project, group);
        return new DagView(
                new DagView.Header(PythonLiteral.comment(group.source()), packageName(settings),
                        PythonLiteral.string(settings.naming().project()),
                        new DagView.Documentation(PythonLiteral.string(group.dag().description()),
                                DocMd.lines(group, knobs, WorkflowParts.docLines(project, group)))),
                dag,
                new DagView.Emr(mode(group.emr().clusterMode()),
                        creates ? new DagView.Knobs(PythonLiteral.string(group.dag().variable()), PythonLiteral.plain().format(knobs, 0)) : null,
                        clusterRequest),
                new DagView.Tasks(steps, watchers, reruns, executionRoles),
                new DagView.Wiring(dependencies, WorkflowParts.alerting(group),
                        AroundTasks.of(group, dependencies != null && dependencies.asset() != null, packageName(settings))));
    }

    /** The default arguments of a hand-written DAG that the job group sets, in the order Airflow's docs list them. */
    private static List<DagView.Argument> moreDefaultArgs(DagArguments arguments) {
        List<DagView.Argument> more = new ArrayList<>();
        BiConsumer<String, String> put = (key, value) -> more.add(new DagView.Argument(PythonLiteral.string(key), value));
        if (arguments.dependsOnPast() != null) {
            put.accept("depends_on_past", PythonLiteral.plain().format(arguments.dependsOnPast(), 0));
        }
        if (arguments.waitForDownstream() != null) {
            put.accept("wait_for_downstream", PythonLiteral.plain().format(arguments.waitForDownstream(), 0));
        }
        if (arguments.executionTimeout() != null) {
            put.accept("execution_timeout", PythonLiteral.timedelta(arguments.executionTimeout()));
        }
        if (arguments.email() != null) {
            put.accept("email", PythonLiteral.plain().format(new ArrayList<Object>(arguments.email()), 8));
        }
        if (arguments.emailOnFailure() != null) {
            put.accept("email_on_failure", PythonLiteral.plain().format(arguments.emailOnFailure(), 0));
        }
        if (arguments.emailOnRetry() != null) {
            put.accept("email_on_retry", PythonLiteral.plain().format(arguments.emailOnRetry(), 0));
        }
        return more;
    }

    /** The DAG's way to its cluster: the one create_cluster made, or the existing one the metadata names. */
    private static DagView.Mode mode(ClusterMode mode) {
        return new DagView.Mode(mode.kind().key(),
                mode.kind() == ClusterMode.Kind.EXISTING ? PythonLiteral.string(mode.clusterId()) : null);
    }

    private static JanitorView janitorView(Project project) {
        ProjectSettings settings = project.settings();
        return new JanitorView(packageName(settings), PythonLiteral.string(settings.naming().project()),
                PythonLiteral.string(janitorDagId(settings)), PythonLiteral.timedelta(settings.janitor().janitorInterval()),
                PythonLiteral.string(settings.janitor().janitorAwsConnId()));
    }

    /** The janitor's DAG id: one janitor per project in an Airflow environment. */
    public static String janitorDagId(ProjectSettings settings) {
        return settings.naming().project().replace('-', '_') + "_cluster_janitor";
    }

    /** The package the generated files import the shared modules from, or {@code null} when they sit beside them (flat). */
    private static String packageName(ProjectSettings settings) {
        return OutputLayout.of(settings).packageName();
    }

    /** The DAG file of a job group, relative to the project's root. */
    static String dagFileName(JobGroup group) {
        return group.id() + "_dag.py";
    }

    /** The values a DAG file gives each Spark step's placeholders. */
    static Map<String, Object> stepValues(JobGroup group, Step step) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", step.emrName());
        values.put("action_on_failure", step.actionOnFailure());
        values.put("args", EmrRequests.commandRunnerArgs(group, step));
        return values;
    }
}
