package io.emrdag.maven;

import io.emrdag.Emrdag;
import io.emrdag.capacity.ModelYear;
import io.emrdag.pipeline.PerEnvironment;
import io.emrdag.report.ReportRequest;
import io.emrdag.report.ReportResult;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the capacity report ({@code mvn emrdag:report}): when each job group's cluster runs over a typical day and week,
 * clusters, instances and vCPUs at once per instance family and market against the quotas in {@code emrdag.yaml},
 * instance-hours and cost per job group; one self-contained HTML page, its figures in the build log. Warns (W209) when
 * the expected peak exceeds a quota, like {@code emrdag:validate}. With environments, {@code emrdag.environment} picks one;
 * unset, each environment gets a page of its own ({@code emrdag-report-<environment>.html}).
 *
 * @since 0.1.0
 */
@Mojo(name = "report", threadSafe = true, requiresProject = false)
public final class ReportMojo extends AbstractEmrdagMojo {

    /**
     * The HTML file to write, e.g. <code>${basedir}/target/emrdag-report.html</code> (a CI artifact).
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.report.output", defaultValue = "${basedir}/target/emrdag-report.html")
    private File reportOutput;

    /**
     * A price table (CSV: {@code instance_type,on_demand,spot}, prices per instance-hour) instead of the one
     * {@code capacity.prices} in {@code emrdag.yaml} names, e.g. {@code prices/eu-west-1.csv}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.report.prices")
    private File prices;

    /**
     * The calendar year the schedules are laid out over, e.g. {@code 2027}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.report.year", defaultValue = "" + ModelYear.DEFAULT_YEAR)
    private int year;

    /**
     * Skips this goal only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "emrdag.report.skip", defaultValue = "false")
    private boolean skipReport;

    @Override
    protected boolean skipGoal() {
        return skipReport;
    }

    @Override
    protected String unchangedOnErrors() {
        return "no report was written";
    }

    @Override
    protected void run(Emrdag emrdag) {
        for (PerEnvironment<ReportResult> each : emrdag.report(new ReportRequest(project.toPath(), reportOutput.toPath(),
                prices == null ? null : prices.toPath(), year, environment))) {
            each.header().forEach(getLog()::info);
            ReportResult result = each.result();
            logWarnings(result.warnings());
            result.summary().forEach(line -> getLog().info("emrdag: " + line));
            getLog().info("emrdag: wrote " + result.output() + " (" + (result.bytes() + 1023) / 1024 + " KiB)");
        }
    }
}
