package io.emrdag.pipeline;

import java.nio.file.Path;

/**
 * A project, its generated output folder, and optionally the Python interpreter (with Airflow and the Amazon provider)
 * to verify with; {@code null} means emrdag's own pinned environment for the target.
 */
public record VerifyRequest(Path project, Path output, Path python, boolean container, String environment) {

    public VerifyRequest(Path project, Path output, Path python, boolean container) {
        this(project, output, python, container, null);
    }

    /** Verify with emrdag's pinned venv, or {@code python} when not null. */
    public VerifyRequest(Path project, Path output, Path python) {
        this(project, output, python, false);
    }

    /** This request for {@code environment}. */
    public VerifyRequest in(String environment) {
        return new VerifyRequest(project, output, python, container, environment);
    }

    /** The generate request whose output this verifies: never incremental, verify must see every file afresh. */
    Request generated() {
        return new Request(project, output, false, environment);
    }
}
