package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class DeployOptionsTest {

    @Test
    void unsetSettingsTakeTheDefaults() {
        DeployRequest request = new DeployOptions().target("s3://b/dags/").request(Map.of(), "me@host", UnaryOperator.identity());
        assertEquals(new DeployRequest(new DeployRequest.Destination("s3://b/dags/", null, false),
                new DeployRequest.Care(false, false, Duration.ofMinutes(2), "me@host"),
                new DeployRequest.Transfer(16, new AwsSettings(null, null, 8, Duration.ofSeconds(60))),
                new DeployRequest.Waiting(null, Duration.ofSeconds(10))), request);
    }

    @Test
    void settingsAreReadAsWritten() {
        DeployRequest request = new DeployOptions().target("mwaa:prod").dryRun(true).adopt(true).waitFor(DeployOptions.DEFAULT_WAIT)
                .pollInterval("5s").lockTtl("PT3M").parallel(4).endpointUrl(" http://127.0.0.1:5000 ").maxAttempts(2)
                .attemptTimeout("500ms").request(Map.of("AWS_ENDPOINT_URL", "http://ignored:1"), "me@host", UnaryOperator.identity());
        URI endpoint = URI.create("http://127.0.0.1:5000");
        assertEquals(new DeployRequest(new DeployRequest.Destination("mwaa:prod", null, false),
                new DeployRequest.Care(true, true, Duration.ofMinutes(3), "me@host"),
                new DeployRequest.Transfer(4, new AwsSettings(endpoint, endpoint, 2, Duration.ofMillis(500))),
                new DeployRequest.Waiting(Duration.ofMinutes(10), Duration.ofSeconds(5))), request);
    }

    @Test
    void everyBadSettingIsReportedAtOnceAndNamedAsTheFrontEndSpellsIt() {
        InvalidDeployOptionsException e = assertThrows(InvalidDeployOptionsException.class, () -> new DeployOptions().target("s3://b/")
                .waitFor("ten minutes").pollInterval("0s").parallel(0).maxAttempts(-1).endpointUrl("127.0.0.1:5000")
                .request(Map.of(), "me@host", s -> "emrdag.deploy." + s));
        String n = System.lineSeparator();
        assertEquals("emrdag.deploy.wait: not a duration, got 'ten minutes'" + n + "  hint: write e.g. 90s, 5m or 1h" + n
                + "emrdag.deploy.pollInterval: must be longer than zero, got '0s'" + n + "  hint: write e.g. 90s, 5m or 1h" + n
                + "emrdag.deploy.parallel: must be at least 1, got '0'" + n
                + "emrdag.deploy.maxAttempts: must be at least 1, got '-1'" + n
                + "emrdag.deploy.endpointUrl: not an http(s) endpoint URL, got '127.0.0.1:5000'" + n
                + "  hint: write e.g. http://127.0.0.1:5000 or https://s3.eu-west-1.amazonaws.com",
                e.getMessage());
        assertEquals(5, e.problems().size());
    }

    @Test
    void noWaitUnlessAsked() {
        assertNull(new DeployOptions().target("x").request(Map.of(), "me", UnaryOperator.identity()).waiting().waitFor());
    }
}
