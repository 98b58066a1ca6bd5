package io.emrdag.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Progress;
import io.emrdag.model.MwaaTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Imports DAG files in a real Airflow (the given interpreter) with {@code check_dags.py} and reads its report.
 */
public final class DagVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT_PREFIX = "EMRDAG-REPORT ";

    private final ScriptRunner runner;

    public DagVerifier(ScriptRunner runner) {
        this.runner = runner;
    }

    /**
     * Runs the check with a local interpreter, or in an Airflow container when {@code container} is set.
     *
     * @param expected DAG file (relative to {@code output}) → its expected graph ({@link ExpectedGraph})
     * @param pins     the target's exact pins to compare the interpreter's key libraries with, or null (emrdag's own
     *                 environment is made from them)
     */
    public VerifyResult verify(Path output, Map<String, Object> expected, Path python, MwaaTarget container,
            Path pins, Progress progress, Duration environmentTime) {
        Path script = PythonEnvironments.extract(PythonEnvironments.RESOURCES + "check_dags.py", runner.workDir().resolve("check_dags.py"));
        Path expectation = runner.workDir().resolve("expected.json");
        try {
            JSON.writeValue(expectation.toFile(), expected);
        } catch (IOException e) {
            throw new EnvironmentException("cannot write " + expectation + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        String stdout;
        if (container != null) {
            stdout = ContainerCheck.load().runCheck(container, output.toAbsolutePath(), script, expectation, progress);
        } else {
            progress.report("importing " + expected.size() + " DAG files from " + output + " with " + python + " …");
            List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(),
                    output.toAbsolutePath().toString(), expectation.toString()));
            if (pins != null) {
                command.add(pins.toString());
            }
            ScriptRunner.Result result = runner.run(command, line -> { }, Duration.ofMinutes(10));
            if (result.exitCode() != 0) {
                throw new EnvironmentException("the Airflow import check did not run with " + python + " (exit " + result.exitCode()
                        + "); is Airflow with the Amazon provider installed there?" + System.lineSeparator() + tail(result.stdout())
                        + System.lineSeparator() + result.stderrTail());
            }
            stdout = result.stdout();
        }
        return parse(stdout, environmentTime, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Reads the {@code EMRDAG-REPORT} line of {@code check_dags.py}. */
    static VerifyResult parse(String stdout, Duration environmentTime, Duration checkTime) {
        String report = stdout.lines().filter(l -> l.startsWith(REPORT_PREFIX)).reduce((a, b) -> b).orElse(null);
        if (report == null) {
            throw new EnvironmentException("the Airflow import check printed no report:" + System.lineSeparator() + tail(stdout));
        }
        try {
            JsonNode root = JSON.readTree(report.substring(REPORT_PREFIX.length()));
            List<VerifyResult.FileResult> files = new ArrayList<>();
            for (JsonNode file : root.path("files")) {
                List<String> problems = new ArrayList<>();
                file.path("problems").forEach(p -> problems.add(p.asText()));
                files.add(new VerifyResult.FileResult(file.path("file").asText(),
                        file.path("import_error").isNull() ? null : file.path("import_error").asText(), problems,
                        file.path("sql_statements").asInt(), file.path("parse_ms").asDouble()));
            }
            List<String> pinDifferences = new ArrayList<>();
            root.path("pin_differences").forEach(d -> pinDifferences.add(d.asText()));
            return new VerifyResult(root.path("airflow").asText(), root.path("amazon_provider").asText(), files,
                    pinDifferences, environmentTime, checkTime);
        } catch (IOException e) {
            throw new EnvironmentException("unreadable report from the Airflow import check: " + e.getMessage(), e);
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
