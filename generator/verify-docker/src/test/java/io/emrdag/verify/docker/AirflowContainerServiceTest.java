package io.emrdag.verify.docker;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.emrdag.verify.ContainerCheck;
import org.junit.jupiter.api.Test;

/** With this module on the class path, the core finds the Docker check through its service entry. */
class AirflowContainerServiceTest {

    @Test
    void theCoreFindsTheDockerCheck() {
        assertInstanceOf(AirflowContainer.class, ContainerCheck.load());
    }
}
