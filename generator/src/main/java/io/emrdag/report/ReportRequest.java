package io.emrdag.report;

import io.emrdag.capacity.ModelYear;
import java.nio.file.Path;

/**
 * What {@code emrdag report} is asked for.
 *
 * @param project the project folder
 * @param output the HTML file to write
 * @param prices a price table that replaces the one {@code capacity.prices} names, or {@code null}
 * @param year the model year
 */
public record ReportRequest(Path project, Path output, Path prices, int year) {

    /** The default model year, the project's own price table. */
    public ReportRequest(Path project, Path output) {
        this(project, output, null, ModelYear.DEFAULT_YEAR);
    }
}
