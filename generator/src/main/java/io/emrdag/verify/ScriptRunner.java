package io.emrdag.verify;

import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Progress;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python scripts for {@code verify}: stdout is collected for the caller, stderr lines are passed on as
 * progress as they arrive, and a run that exceeds its time limit is killed.
 */
public final class ScriptRunner {

    private final Path workDir;

    public ScriptRunner() {
        try {
            workDir = Files.createTempDirectory("emrdag-verify-");
            workDir.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new EnvironmentException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    /** Exit code, standard output and the last lines of standard error of a finished script. */
    public record Result(int exitCode, String stdout, String stderrTail) {
    }

    Path workDir() {
        return workDir;
    }

    static boolean leaksIntoAirflow(String variable) {
        return variable.startsWith("AIRFLOW") || List.of("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE")
                .contains(variable);
    }

    /** {@code python3} (or {@code python}) from the PATH, for creating environments. */
    String findSystemPython() {
        for (String candidate : List.of("python3", "python")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path exe = Path.of(dir, candidate);
                if (Files.isExecutable(exe)) {
                    return exe.toString();
                }
            }
        }
        throw new EnvironmentException("no python3 on the PATH: verify needs Python 3.9-3.12 to create its environment");
    }

    /**
     * Runs {@code command} in an environment of its own: the caller's variables minus every {@code AIRFLOW*} one
     * ({@code AIRFLOW_HOME}, {@code AIRFLOW_CONFIG}, {@code AIRFLOW__SECTION__KEY}, connections, Variables) and
     * the {@code PYTHON*} ones that redirect an interpreter ({@code PYTHONPATH}, {@code PYTHONHOME}, …). A CI job or
     * a developer's shell set up for another Airflow (an Airflow 3 home while verifying 2.10.3, a Postgres
     * metadata DB, unit-test mode) would otherwise decide what verify imports and which configuration it parses
     * with; check_dags.py gives Airflow a fresh home of its own.
     */
    public Result run(List<String> command, Progress progress, Duration limit) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(ScriptRunner::leaksIntoAirflow);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new EnvironmentException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        Deque<String> tail = new ConcurrentLinkedDeque<>();
        Thread errors = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> {
                    progress.report(line);
                    tail.addLast(line);
                    while (tail.size() > 40) {
                        tail.pollFirst();
                    }
                });
            } catch (IOException ignored) {
                // the process ended; what it printed so far was reported
            }
        }, "emrdag-verify-stderr");
        errors.setDaemon(true);
        errors.start();
        try {
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new EnvironmentException(command.get(0) + " did not finish within " + limit.toMinutes() + " minutes");
            }
            errors.join(TimeUnit.SECONDS.toMillis(5));
            return new Result(process.exitValue(), stdout, String.join(System.lineSeparator(), tail));
        } catch (IOException e) {
            throw new EnvironmentException("cannot read from " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while running " + command.get(0), e);
        }
    }
}
