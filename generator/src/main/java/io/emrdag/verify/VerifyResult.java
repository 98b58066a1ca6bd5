package io.emrdag.verify;

import java.time.Duration;
import java.util.List;

/**
 * What {@code verify} found: the Airflow and provider versions that imported the files, and per DAG file
 * its import error, its task-graph problems, the SQL statements run while parsing it and the parse time.
 */
public record VerifyResult(String airflowVersion, String amazonProviderVersion, List<FileResult> files,
        Duration environmentTime, Duration checkTime) {

    public VerifyResult {
        files = List.copyOf(files);
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
        List<String> lines = new java.util.ArrayList<>();
        files.forEach(f -> lines.add(String.format(java.util.Locale.ROOT, "  ok  %-45s %7.1f ms  %d SQL", f.file(),
                f.parseMillis(), f.sqlStatements())));
        lines.add(String.format(java.util.Locale.ROOT,
                "emrdag: %d DAG files import cleanly in Airflow %s (amazon provider %s); environment %.1f s, check %.1f s",
                files.size(), airflowVersion, amazonProviderVersion, environmentTime.toMillis() / 1000.0,
                checkTime.toMillis() / 1000.0));
        return lines;
    }
}
