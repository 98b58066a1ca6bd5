package io.emrdag.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.pipeline.VerifyRequest;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@code verify --docker}: the same check in the official Airflow image. Skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerVerifyIT {

    @Test
    void examplesImportCleanlyInTheAirflowImage() {
        VerifyResult result = new Emrdag().verify(new VerifyRequest(TestProjects.REPO.resolve("job-groups"),
                TestProjects.REPO.resolve("generated-dags"), null, true), message -> { });
        assertEquals("2.10.3", result.airflowVersion());
        assertEquals("9.0.0", result.amazonProviderVersion());
        assertTrue(result.ok());
    }
}
