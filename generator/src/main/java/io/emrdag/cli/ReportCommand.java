package io.emrdag.cli;

import io.emrdag.Emrdag;
import io.emrdag.capacity.ModelYear;
import io.emrdag.report.ReportRequest;
import io.emrdag.report.ReportRequestException;
import io.emrdag.report.ReportResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emrdag report}: the fleet's capacity and cost over a model year, as one HTML page and a text summary. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the capacity report: when each job group's cluster runs over a typical day and week, clusters,"
                + " instances and vCPUs at once per instance family and market against the quotas in emrdag.yaml,"
                + " instance-hours and cost per job group.",
                "One self-contained HTML file (no network needed to view it); the figures also go to stdout."})
final class ReportCommand implements Callable<Integer>, ChangesFiles {

    @Mixin
    ProjectFolder project;

    @Option(names = {"-o", "--output"}, defaultValue = "emrdag-report.html", paramLabel = "FILE",
            description = "The HTML file to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = {"-e", "--environment"}, paramLabel = "NAME",
            description = "One of the environments emrdag.yaml declares. Default: every environment, each on a page of its own"
                    + " (FILE-NAME.html), or the project itself when it declares none.")
    String environment;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "Price table (CSV: instance_type,on_demand,spot per instance-hour) instead of capacity.prices in emrdag.yaml.")
    Path prices;

    @Option(names = "--year", defaultValue = "" + ModelYear.DEFAULT_YEAR, paramLabel = "YEAR",
            description = "The calendar year the schedules are laid out over (default: ${DEFAULT-VALUE}).")
    int year;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReportRequest request;
        try {
            request = new ReportRequest(project.path, output, prices, year, environment);
        } catch (ReportRequestException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        List<ReportResult> results = new Emrdag().report(request);
        var out = spec.commandLine().getOut();
        for (ReportResult result : results) {
            ProjectOptions.printWarnings(spec.commandLine(), result.warnings());
            out.println("emrdag: " + result.summary().get(0));
            result.summary().stream().skip(1).forEach(out::println);
            out.printf(Locale.ROOT, "emrdag: wrote %s (%,d KiB)%n", result.output(), (result.bytes() + 1023) / 1024);
        }
        return EmrdagCommand.OK;
    }

    @Override
    public String unchanged() {
        return "no report was written";
    }
}
