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
 * @param environment the environment of {@code emrdag.yaml} to report on, or {@code null} for every environment it
 *     declares (the project itself when it declares none)
 */
public record ReportRequest(Path project, Path output, Path prices, int year, String environment) {

    /** The default model year, the project's own price table, every environment. */
    public ReportRequest(Path project, Path output) {
        this(project, output, null, ModelYear.DEFAULT_YEAR, null);
    }

    /**
     * This request for {@code environment} alone. Each environment has clusters of its own (its own account and quotas,
     * its own cluster sizes), so when one request covers several, each gets its own page beside the requested one:
     * {@code emrdag-report.html} becomes {@code emrdag-report-staging.html} and {@code emrdag-report-prod.html}.
     */
    public ReportRequest in(String environment, boolean oneOfSeveral) {
        Path page = output;
        if (oneOfSeveral && environment != null) {
            String name = output.getFileName().toString();
            int dot = name.lastIndexOf('.');
            page = output.resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + environment + name.substring(dot)
                    : name + "-" + environment);
        }
        return new ReportRequest(project, page, prices, year, environment);
    }
}
