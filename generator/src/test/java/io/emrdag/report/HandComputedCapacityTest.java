package io.emrdag.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.capacity.CapacityPlan;
import io.emrdag.capacity.Concurrency;
import io.emrdag.capacity.Meter;
import io.emrdag.capacity.ModelYear;
import io.emrdag.capacity.PriceTable;
import io.emrdag.capacity.QuotaUse;
import io.emrdag.capacity.TimeText;
import io.emrdag.capacity.Usage;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.model.Market;
import io.emrdag.model.Project;
import io.emrdag.model.QuotaClass;
import io.emrdag.validate.CapacityChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet small enough to work out by hand, checked figure by figure: the model, the report page and the text
 * summary must show exactly these numbers, and validate must warn at exactly these job groups.
 *
 * <pre>
 * cluster_startup: 15m; model year 2026 (1 Jan is a Thursday; 365 days, 52 Mondays); times in UTC.
 *
 * job group  schedule       cluster (vCPUs: m5.xlarge 4, m5.2xlarge 8, r5.2xlarge 8, r5.4xlarge 16, c5.2xlarge 8)   steps
 * alpha      0 1 * * *      m5.xlarge + 2 r5.2xlarge                 on demand 4 + 16 = 20, 3 instances           1h, 30m
 * beta       30 1 * * *     m5.2xlarge + 4 r5.4xlarge + 4 r5.4xlarge spot: on demand 8 + 64 = 72, spot 64, 9      2h
 * gamma      0 2 * * 1      m5.xlarge + 3 c5.2xlarge                 on demand 4 + 24 = 28, 4 instances           45m
 *
 * runs:  alpha 01:00-02:45 (15m + 1h + 30m), beta 01:30-03:45 (15m + 2h), gamma Mondays 02:00-03:00 (15m + 45m)
 * peak:  Mondays 02:00-02:45, all three: 3 clusters, 3 + 9 + 4 = 16 instances,
 *        on-demand Standard 20 + 72 + 28 = 120 vCPUs, spot Standard 64, all 184 vCPUs;
 *        first at Mon 5 Jan 2026 02:00 (other days: alpha + beta, 01:30-02:45: 92 on demand, 156 in all)
 * instance-hours per run:   alpha 3 x 1.75 h = 5.25, beta 9 x 2.25 h = 20.25, gamma 4 x 1 h = 4
 * runs per month:           alpha, beta 365 / 12 = 30.4167; gamma 52 / 12 = 4.3333
 * instance-hours per month: alpha 159.6875, beta 615.9375, gamma 17.3333; together 792.958 -> "793.0"
 * prices (per hour): m5.xlarge 0.20, m5.2xlarge 0.40, r5.2xlarge 0.50, r5.4xlarge 1.00 (spot 0.30), c5.2xlarge 0.34
 * cost per run:    alpha 1.75 x (0.20 + 2 x 0.50) = 2.10; beta 2.25 x (0.40 + 4 x 1.00 + 4 x 0.30) = 12.60;
 *                  gamma 1 x (0.20 + 3 x 0.34) = 1.22
 * cost per month:  alpha 63.875, beta 383.25, gamma 5.2867; together 452.41
 * quotas: on-demand Standard 100 -> over (120) on the 52 Mondays, 02:00-02:45, at beta (72), gamma (28), alpha (20);
 *         spot L-34B43A08 64 -> not over (64); clusters 2 -> over (3) on the 52 Mondays, 02:00-02:45.
 * </pre>
 */
class HandComputedCapacityTest {

    static final String SETTINGS = """
            target: "2.10.3"
            scripts_base: s3://acme-artifacts/spark/
            defaults:
              start_date: 2024-01-01
              cluster:
                release_label: emr-7.5.0
            capacity:
              cluster_startup: 15m
              prices: prices.csv
            quotas:
              clusters: 2
              on_demand_vcpus: {standard: 100}
              spot_vcpus: {L-34B43A08: 64}
            """;

    static final String PRICES = """
            # EC2 + EMR per instance-hour, made up for the test
            instance_type,on_demand,spot
            m5.xlarge,0.20,
            m5.2xlarge,0.40
            r5.2xlarge,0.50,
            r5.4xlarge,1.00,0.30
            c5.2xlarge,0.34,
            """;

    static final Map<String, String> GROUPS = Map.of(
            "daily/alpha.yaml", """
                    schedule: "0 1 * * *"
                    cluster:
                      master: {instance_type: m5.xlarge}
                      core: {instance_type: r5.2xlarge, instance_count: 2}
                    steps:
                      - {name: one, script: a.py, expected_duration: 1h}
                      - {name: two, script: b.py, expected_duration: 30m}
                    """,
            "daily/beta.yaml", """
                    schedule: "30 1 * * *"
                    cluster:
                      master: {instance_type: m5.2xlarge}
                      core: {instance_type: r5.4xlarge, instance_count: 4}
                      task: {instance_type: r5.4xlarge, instance_count: 4, market: SPOT}
                    steps:
                      - {name: one, script: a.py, expected_duration: 2h}
                    """,
            "weekly/gamma.yaml", """
                    schedule: "0 2 * * 1"
                    cluster:
                      master: {instance_type: m5.xlarge}
                      core: {instance_type: c5.2xlarge, instance_count: 3}
                    steps:
                      - {name: one, script: a.py, expected_duration: 45m}
                    """);

    @TempDir
    Path tmp;
    Path project;
    ReportModel model;

    @BeforeEach
    void fleet() {
        Map<String, String> files = new HashMap<>(GROUPS);
        files.put("emrdag.yaml", SETTINGS);
        files.put("prices.csv", PRICES);
        project = TestProjects.project(tmp, files);
        Diagnostics diagnostics = new Diagnostics();
        Project resolved = TestProjects.bind(project, diagnostics);
        PriceTable prices = new CapacityChecks(project, "job-groups")
                .prices(resolved.settings().capacity(), null, diagnostics).orElseThrow();
        assertEquals(List.of(), diagnostics.sorted());
        CapacityPlan plan = CapacityPlan.of(resolved, 2026);
        Concurrency concurrency = Concurrency.of(plan);
        model = ReportModel.of("acme", "job-groups", "emrdag test", plan, concurrency, QuotaUse.of(plan, concurrency), prices);
    }

    @Test
    void peaksAreTheHandComputedOnes() {
        ModelYear year = model.year();
        assertEquals("Mon 5 Jan 2026 02:00 UTC", TimeText.moment(year, model.peak(Meter.VCPUS).minute()));
        assertEquals(184, model.peak(Meter.VCPUS).value());
        assertEquals(3, model.peak(Meter.CLUSTERS).value());
        assertEquals(16, model.peak(Meter.INSTANCES).value());
        assertEquals(120, model.peak(Meter.vcpus(QuotaClass.STANDARD, Market.ON_DEMAND)).value());
        assertEquals(64, model.peak(Meter.vcpus(QuotaClass.STANDARD, Market.SPOT)).value());
        // A Tuesday: alpha and beta only.
        int tuesday = year.minuteOf(year.at(0).plusDays(5).withHour(2).withMinute(0));
        assertEquals(156, model.concurrency().level(Meter.VCPUS, tuesday));
        assertEquals(0, model.concurrency().level(Meter.VCPUS, tuesday + 120));
    }

    @Test
    void instanceHoursAndCostsAreTheHandComputedOnes() {
        Map<String, Usage> usage = new TreeMap<>();
        model.usages().forEach(u -> usage.put(u.group().id(), u));
        assertEquals(5.25, usage.get("alpha").instanceHoursPerRun(), 1e-9);
        assertEquals(20.25, usage.get("beta").instanceHoursPerRun(), 1e-9);
        assertEquals(4.0, usage.get("gamma").instanceHoursPerRun(), 1e-9);
        assertEquals(365 / 12.0, usage.get("alpha").runsPerMonth(), 1e-9);
        assertEquals(52 / 12.0, usage.get("gamma").runsPerMonth(), 1e-9);
        assertEquals(159.6875, usage.get("alpha").instanceHoursPerMonth(), 1e-9);
        assertEquals(615.9375, usage.get("beta").instanceHoursPerMonth(), 1e-9);
        assertEquals(792.958, model.instanceHoursPerMonth(), 1e-3);
        assertEquals(2.10, usage.get("alpha").costPerRun(), 1e-9);
        assertEquals(12.60, usage.get("beta").costPerRun(), 1e-9);
        assertEquals(1.22, usage.get("gamma").costPerRun(), 1e-9);
        assertEquals(452.41, model.costPerMonth(), 0.005);
    }

    @Test
    void quotasAreCheckedAgainstTheHandComputedPeaks() {
        List<QuotaUse> uses = model.quotas();
        assertEquals(List.of("clusters 2 over=true days=52", "on-demand Standard vCPUs 100 over=true days=52",
                "spot Standard vCPUs 64 over=false days=0"), uses.stream()
                .map(u -> u.meter().label() + " " + u.limit() + " over=" + u.exceeded() + " days=" + u.daysOver()).toList());
        QuotaUse onDemand = uses.get(1);
        assertEquals("Mon 5 Jan 2026, 02:00–02:45 UTC", TimeText.window(model.year(), onDemand.from(), onDemand.to()));
        assertEquals(List.of("beta 72", "gamma 28", "alpha 20"),
                onDemand.contributors().stream().map(c -> c.group().id() + " " + c.amount()).toList());
    }

    @Test
    void thePageAndTheSummaryShowTheseNumbers() {
        String html = new HtmlReport().render(model);
        for (String figure : List.of(">184<", ">120<", ">16<", ">3<", "793.0", "452.41 USD", "159.7", "615.9", "17.3", "5.3",
                "20.3", "63.88", "383.25", "5.29", "2.10", "12.60", "1.22", "The peak day: Mon 5 Jan 2026",
                "Mon 5 Jan 2026, 02:00–02:45 UTC", "over on 52 days of 2026", "beta (72), gamma (28), alpha (20)", "quota 100")) {
            assertTrue(html.contains(figure), "the page shows " + figure);
        }
        List<String> summary = TextSummary.lines(model);
        assertEquals("  peak vCPUs                             184  Mon 5 Jan 2026 02:00 UTC", summary.get(3));
        assertEquals("  peak on-demand Standard vCPUs          120  Mon 5 Jan 2026 02:00 UTC  quota L-1216C47A 100: OVER on 52 days"
                + " of 2026, Mon 5 Jan 2026, 02:00–02:45 UTC", summary.get(4));
        assertEquals("  instance-hours per month: 793.0; cost: 452.41 USD per month", summary.get(6));
    }

    @Test
    void validateWarnsAtTheJobGroupsThatFormThePeak() throws IOException {
        List<String> warnings = new Emrdag().validate(project).warnings().stream().map(Diagnostic::format).toList();
        assertEquals(6, warnings.size(), String.join("\n", warnings));
        assertEquals("job-groups/daily/beta.yaml:1:11: warning[W209] schedule: its cluster takes 72 of the 120 on-demand Standard"
                + " vCPUs expected at Mon 5 Jan 2026, 02:00–02:45 UTC (over on 52 days of 2026), over the limit of 100 (L-1216C47A)\n"
                + "  hint: move the schedule out of that time, use a smaller cluster, or raise the limit (quotas.on_demand_vcpus.standard"
                + " in emrdag.yaml, and the account's Service Quota L-1216C47A); 'emrdag report' shows who runs when",
                warnings.stream().filter(w -> w.startsWith("job-groups/daily/beta.yaml") && w.contains("vCPUs")).findFirst().orElseThrow());
        assertTrue(warnings.contains("job-groups/weekly/gamma.yaml:1:11: warning[W209] schedule: its cluster is one of the 3 clusters"
                + " expected at Mon 5 Jan 2026, 02:00–02:45 UTC (over on 52 days of 2026), over the limit of 2 (quotas.clusters)\n"
                + "  hint: move the schedule out of that time, use a smaller cluster, or raise the limit (quotas.clusters in emrdag.yaml);"
                + " 'emrdag report' shows who runs when"), String.join("\n", warnings));
        assertTrue(Files.isRegularFile(project.resolve("prices.csv")));
    }
}
