package io.emrdag.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code verify} found: the Airflow and provider versions that imported the files, and per DAG file
 * its import error, its task-graph problems, the SQL statements run while parsing it and the parse time.
 * {@code pinDifferences} lists the key libraries of a given interpreter ({@code --python}) whose versions differ
 * from the target's pins ("pydantic 2.14.4 (target pins 2.13.1)"): files that import there may still fail on
 * MWAA, so the front ends show them as warnings.
 */
public record VerifyResult(String airflowVersion, String amazonProviderVersion, List<FileResult> files,
        List<String> pinDifferences, Duration environmentTime, Duration checkTime) {

    public VerifyResult {
        files = List.copyOf(files);
        pinDifferences = List.copyOf(pinDifferences);
    }

    /** A warning naming every library that differs from the target's pins, or none. */
    public List<String> warnings() {
        if (pinDifferences.isEmpty()) {
            return List.of();
        }
        return List.of("the given interpreter differs from the target's pinned environment: " + String.join(", ", pinDifferences)
                + "; DAG files that import with it may still fail on MWAA (without --python, verify uses the pinned environment)");
    }

    /** One DAG file. */
    public record FileResult(String file, String importError, List<String> problems, int sqlStatements,
            double parseMillis) {

        public FileResult {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return importError == null && problems.isEmpty();
        }
    }

    public boolean ok() {
        return files.stream().allMatch(FileResult::ok);
    }

    /** One line per file with its parse time and SQL count, then a summary: what every front end prints. */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        files.forEach(f -> lines.add(String.format(Locale.ROOT, "  ok  %-45s %7.1f ms  %d SQL", f.file(),
                f.parseMillis(), f.sqlStatements())));
        lines.add(String.format(Locale.ROOT,
                "emrdag: %d DAG files import cleanly in Airflow %s (amazon provider %s); environment %.1f s, check %.1f s",
                files.size(), airflowVersion, amazonProviderVersion, environmentTime.toMillis() / 1000.0,
                checkTime.toMillis() / 1000.0));
        return lines;
    }
}
