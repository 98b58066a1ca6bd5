package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a user reads when the MWAA environment's Airflow is not the project's target. */
class DeployServiceTest {

    @Test
    void aVersionMismatchSaysWhatToChangeOnEitherSide() {
        String nl = System.lineSeparator();
        assertEquals("the project targets Airflow 2.10.3 (Amazon provider 9.0.0) but the MWAA environment 'prod' runs Airflow 3.3.1"
                + " (Amazon provider 9.34.0); DAG files made and verified for one may not import in the other" + nl
                + "  hint: change the project: set target: \"3.3.1\" in emrdag.yaml, then generate, verify and deploy again" + nl
                + "  hint: or change the environment: aws mwaa update-environment --name prod --airflow-version 2.10.3 (MWAA changes"
                + " versions in place only along the paths in its user guide, 'Changing the Apache Airflow version'), or deploy"
                + " to an environment that runs Airflow 2.10.3",
                DeployService.versionMismatch("prod", "2.10.3", "3.3.1").getMessage());
    }

    @Test
    void anEnvironmentOnAnAirflowEmrdagDoesNotSupportLeavesOnlyTheEnvironmentToChange() {
        String message = DeployService.versionMismatch("legacy", "2.11.2", "2.9.2").getMessage();
        String nl = System.lineSeparator();
        assertEquals("the project targets Airflow 2.11.2 (Amazon provider 9.22.0) but the MWAA environment 'legacy' runs Airflow 2.9.2;"
                + " DAG files made and verified for one may not import in the other" + nl
                + "  hint: emrdag cannot generate for Airflow 2.9.2 (it supports 2.10.3, 2.11.0, 2.11.2, 3.0.6, 3.2.1, 3.3.1): the"
                + " project cannot follow the environment" + nl
                + "  hint: change the environment: aws mwaa update-environment --name legacy --airflow-version 2.11.2 (MWAA"
                + " changes versions in place only along the paths in its user guide, 'Changing the Apache Airflow version'), or"
                + " deploy to an environment that runs Airflow 2.11.2", message);
    }
}
