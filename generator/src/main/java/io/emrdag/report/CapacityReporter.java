package io.emrdag.report;

import io.emrdag.capacity.CapacityPlan;
import io.emrdag.capacity.Concurrency;
import io.emrdag.capacity.PriceTable;
import io.emrdag.capacity.QuotaUse;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import io.emrdag.model.Project;
import io.emrdag.validate.CapacityChecks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The report stage: models the clusters of a bound project over the model year (clusters, instances and vCPUs running at
 * once, against the quotas in {@code emrdag.yaml}; instance-hours and costs per job group) and writes it as one
 * self-contained HTML page with a text summary of the same figures.
 */
public final class CapacityReporter {

    private final String generator;

    /** @param generator how the page names what wrote it, e.g. "emrdag 0.1.0" */
    public CapacityReporter(String generator) {
        this.generator = generator;
    }

    /** A report whose figures are computed and checked, ready to be written. */
    public record Prepared(Path output, ReportModel model, List<Diagnostic> warnings) {
    }

    /**
     * Lays out the clusters of {@code project}, whose folder {@code request.project()} is shown as {@code label}; the
     * quota warnings join {@code diagnostics}, and a broken price table is an error there (thrown). Writes nothing, so
     * that a request covering several environments writes no page when any of them is wrong.
     *
     * @param written where the job-group files write what the warnings point at, as binding noted it
     *     ({@code ProjectBinder.Binding#written})
     */
    public Prepared prepare(Project project, Map<String, Map<String, Location>> written, String label, ReportRequest request,
            Diagnostics diagnostics) {
        CapacityChecks checks = new CapacityChecks(request.project(), label, written);
        PriceTable prices = checks.prices(project.settings().capacity(), request.prices(), diagnostics).orElse(null);
        CapacityPlan plan = CapacityPlan.of(project, request.year());
        Concurrency concurrency = Concurrency.of(plan);
        List<QuotaUse> quotas = QuotaUse.of(plan, concurrency);
        checks.check(project, plan, quotas).forEach(diagnostics::add);
        diagnostics.throwIfErrors();
        ReportModel model = ReportModel.of(project.settings().naming().project(), label, generator, plan, concurrency, quotas, prices);
        return new Prepared(request.output(), model, diagnostics.sorted());
    }

    /** Writes a prepared report as one self-contained HTML page. */
    public ReportResult write(Prepared prepared) {
        return new HtmlReport().write(prepared.output(), prepared.model(), prepared.warnings());
    }
}
