package io.emrdag.verify;

import io.emrdag.diagnostic.Progress;
import io.emrdag.model.JobGroup;
import io.emrdag.model.MwaaTarget;
import io.emrdag.model.Project;
import io.emrdag.render.DagRenderer;
import io.emrdag.render.GeneratedFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verify stage for a generated project: picks the Python to import with, states the graph each DAG file must
 * have, and runs the import check ({@link DagVerifier}).
 */
public final class ProjectVerifier {

    private final ScriptRunner runner = new ScriptRunner();

    /**
     * Imports every DAG file of {@code files} (written into {@code root}) in a real Airflow at the project's target.
     *
     * @param python    the interpreter to use (compared with the target's pins); {@code null} for emrdag's own pinned
     *                  environment, made on first use
     * @param container import in the target's Airflow image instead (Docker)
     * @throws VerifyFailedException when a file does not import or its graph differs
     */
    public VerifyResult verify(Path root, Project project, List<GeneratedFile> files, Path python, boolean container,
            Progress progress) {
        MwaaTarget target = MwaaTarget.forVersion(project.settings().target()).orElseThrow();
        long started = System.nanoTime();
        Path interpreter = container ? null : python != null ? python : new PythonEnvironments(runner).pythonFor(target, progress);
        Duration environmentTime = Duration.ofNanos(System.nanoTime() - started);
        Path pins = python != null && PythonEnvironments.hasPins(target) ? PythonEnvironments.pinsFile(target, runner) : null;
        VerifyResult result = new DagVerifier(runner).verify(root, expected(project, files), interpreter,
                container ? target : null, pins, progress, environmentTime);
        if (!result.ok()) {
            throw new VerifyFailedException(root.toString(), result);
        }
        return result;
    }

    /** Each DAG file's expected graph: a job group's, or the janitor's. */
    static Map<String, Object> expected(Project project, List<GeneratedFile> files) {
        Map<String, JobGroup> bySource = new TreeMap<>();
        project.jobGroups().forEach(g -> bySource.put(g.source(), g));
        Map<String, Object> expected = new TreeMap<>();
        files.stream().filter(f -> f.source() != null).forEach(f -> {
            JobGroup group = bySource.get(f.source());
            expected.put(f.path(), ExpectedGraph.of(group, !project.downstreamOf(group.id()).isEmpty()));
        });
        expected.put(DagRenderer.JANITOR, ExpectedGraph.janitor(DagRenderer.janitorDagId(project.settings())));
        return expected;
    }
}
