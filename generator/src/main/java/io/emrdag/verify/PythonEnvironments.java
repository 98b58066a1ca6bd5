package io.emrdag.verify;

import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Progress;
import io.emrdag.model.MwaaTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Finds or creates the pinned Python environment (real Airflow + Amazon provider) of an MWAA target. The
 * work is done by {@code environments.py}, shipped in the jar and shared with the Python test suite, so the
 * venv cache is the same for {@code emrdag verify} and the tests.
 */
public final class PythonEnvironments {

    static final String RESOURCES = "/io/emrdag/verify/";

    private final ScriptRunner runner;

    public PythonEnvironments(ScriptRunner runner) {
        this.runner = runner;
    }

    /** The pin file resource of a target, e.g. {@code targets/airflow-2.10.3.txt}. */
    static String pinsResource(MwaaTarget target) {
        return RESOURCES + "targets/airflow-" + target.airflowVersion() + ".txt";
    }

    /** Whether emrdag ships pins (and so can create an environment) for {@code target}. */
    public static boolean hasPins(MwaaTarget target) {
        return PythonEnvironments.class.getResource(pinsResource(target)) != null;
    }

    /** {@code target}'s pin file, written into the runner's work folder. */
    public static Path pinsFile(MwaaTarget target, ScriptRunner runner) {
        return extract(pinsResource(target), runner.workDir().resolve("airflow-" + target.airflowVersion() + ".txt"));
    }

    /** The python executable of {@code target}'s environment, created on first use (progress reported). */
    public Path pythonFor(MwaaTarget target, Progress progress) {
        if (!hasPins(target)) {
            throw new EnvironmentException("emrdag has no pinned environment for MWAA Airflow " + target.airflowVersion()
                    + " yet; pass --python with an interpreter that has apache-airflow==" + target.airflowVersion()
                    + " and apache-airflow-providers-amazon==" + target.amazonProviderVersion());
        }
        Path pins = pinsFile(target, runner);
        Path script = extract(RESOURCES + "environments.py", runner.workDir().resolve("environments.py"));
        String python = runner.findSystemPython();
        ScriptRunner.Result result = runner.run(List.of(python, script.toString(), pins.toString(),
                "airflow-" + target.airflowVersion()), progress, Duration.ofMinutes(20));
        if (result.exitCode() != 0) {
            throw new EnvironmentException("could not create the Python environment for Airflow " + target.airflowVersion()
                    + " (exit " + result.exitCode() + "); see the messages above");
        }
        List<String> lines = result.stdout().lines().filter(l -> !l.isBlank()).toList();
        return Path.of(lines.get(lines.size() - 1).trim());
    }

    static Path extract(String resource, Path target) {
        try (InputStream in = PythonEnvironments.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new EnvironmentException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
