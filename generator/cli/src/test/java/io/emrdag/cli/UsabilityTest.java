package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a user meets around the commands: did-you-mean on a typo, shell completion, the version. */
class UsabilityTest {

    @Test
    void aMisspeltCommandGetsTheNearestOnes() {
        CliTest.Run run = CliTest.run("generat");
        assertEquals(EmrdagCommand.USAGE_ERROR, run.exit());
        assertTrue(run.err().contains("Did you mean: emrdag generate"), run.err());
    }

    @Test
    void aMisspeltOptionGetsTheNearestOne() {
        CliTest.Run run = CliTest.run("generate", "--outptu", "x");
        assertEquals(EmrdagCommand.USAGE_ERROR, run.exit());
        assertTrue(run.err().contains("Possible solutions: --output"), run.err());
    }

    @Test
    void completionCoversEveryCommandAndItsOptions() {
        CliTest.Run run = CliTest.run("completion");
        assertEquals(EmrdagCommand.OK, run.exit(), run.err());
        assertTrue(run.out().contains("complete -F _complete_emrdag"), run.out());
        for (String word : new String[] {"init", "generate", "validate", "check", "verify", "deploy", "report", "schema", "--no-cache", "--dry-run"}) {
            assertTrue(run.out().contains(word), word);
        }
    }

    @Test
    void versionNamesTheBuild() {
        CliTest.Run run = CliTest.run("--version");
        assertEquals(EmrdagCommand.OK, run.exit());
        assertTrue(run.out().matches("(?s)emrdag \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*"), run.out());
    }
}
