package io.emrdag.report;

import io.emrdag.diagnostic.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code emrdag report} produced.
 *
 * @param summary the report's figures as plain text, a line each (for CI logs)
 * @param warnings the metadata's warnings, the fleet-wide ones (W209, W210) included
 */
public record ReportResult(Path output, long bytes, List<String> summary, List<Diagnostic> warnings) {

    public ReportResult {
        summary = List.copyOf(summary);
        warnings = List.copyOf(warnings);
    }
}
