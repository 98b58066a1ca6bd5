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

    /** The years a schedule can be laid out over (cron-utils and the page's dates stay in four digits). */
    public static final int FIRST_YEAR = 1970;
    public static final int LAST_YEAR = 9999;

    public ReportRequest {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new ReportRequestException("year: expected a year from " + FIRST_YEAR + " to " + LAST_YEAR + ", got " + year);
        }
    }

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
