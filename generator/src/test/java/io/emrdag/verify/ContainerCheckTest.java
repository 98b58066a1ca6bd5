package io.emrdag.verify;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.diagnostic.EnvironmentException;
import org.junit.jupiter.api.Test;

/** The core carries no container library: without emrdag-verify-docker, --docker is an environment error that says what to add. */
class ContainerCheckTest {

    @Test
    void withoutTheDockerModuleTheErrorNamesIt() {
        EnvironmentException e = assertThrows(EnvironmentException.class, ContainerCheck::load);
        assertTrue(e.getMessage().contains("io.emrdag:emrdag-verify-docker"), e.getMessage());
    }
}
