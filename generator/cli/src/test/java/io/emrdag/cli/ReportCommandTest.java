package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import io.emrdag.report.ReportRequest;
import io.emrdag.report.ReportRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emrdag report} on the command line: the summary on stdout, the page on disk, exit codes. */
class ReportCommandTest {

    @TempDir
    Path tmp;

    @Test
    void reportsTheExamplesWithAPriceTableGivenOnTheCommandLine() throws Exception {
        Path prices = tmp.resolve("prices.csv");
        Files.writeString(prices, "instance_type,on_demand,spot\nm5.xlarge,0.24\nm5.2xlarge,0.48\nr5.xlarge,0.32\nr5.2xlarge,0.63\n"
                + "r5.4xlarge,1.26,0.42\n");
        Path html = tmp.resolve("site/fleet.html");
        CliTest.Run run = CliTest.run("report", "-p", TestProjects.REPO.resolve("job-groups").toString(), "-e", "prod",
                "-o", html.toString(), "--prices", prices.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("emrdag: " + TestProjects.exampleJobGroups().size()
                + " job groups, model year 2026, times in UTC\n"), run.out());
        assertTrue(run.out().contains("  peak vCPUs                             332  Mon 5 Jan 2026 02:15 UTC\n"), run.out());
        assertTrue(run.out().contains("  instance-hours per month: 3,643.0; cost: "), run.out());
        assertTrue(run.out().contains("emrdag: wrote " + html + " ("), run.out());
        assertTrue(Files.readString(html).contains("from " + prices));
    }

    @Test
    void aMissingPriceTableIsAUserError() {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path html = tmp.resolve("report.html");
        CliTest.Run run = CliTest.run("report", "-p", project.toString(), "-o", html.toString(), "--prices", "nowhere.csv");
        assertEquals(1, run.exit());
        assertEquals("nowhere.csv: error[E145] price table nowhere.csv not found\n  hint: check the path given to --prices\n"
                + "emrdag: 1 error; no report was written\n", run.err().replace(System.lineSeparator(), "\n"));
        assertFalse(Files.exists(html));
    }

    @Test
    void usageAndEnvironmentErrors() {
        CliTest.Run year = CliTest.run("report", "--year", "20266");
        assertEquals(2, year.exit());
        assertTrue(year.err().contains("--year: expected a year from 1970 to 9999, got 20266"), year.err());
        assertEquals(2, CliTest.run("report", "--bogus").exit());
        CliTest.Run missing = CliTest.run("report", "-p", tmp.resolve("nothing").toString(), "-o", tmp.resolve("r.html").toString());
        assertEquals(3, missing.exit(), missing.err());
        CliTest.Run help = CliTest.run("report", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--prices=FILE"), help.out());
    }

    @Test
    void theYearIsCheckedInTheCoreForEveryShell() {
        ReportRequestException e = assertThrows(ReportRequestException.class,
                () -> new ReportRequest(tmp, tmp.resolve("r.html"), null, 1969, null));
        assertEquals("year: expected a year from 1970 to 9999, got 1969", e.getMessage());
    }
}
