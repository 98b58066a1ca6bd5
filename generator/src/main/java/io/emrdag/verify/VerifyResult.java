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
}
