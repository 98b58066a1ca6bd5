package io.emrdag.cli;

import io.emrdag.Emrdag;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code emrdag check}: fail when the committed output is stale or was edited by hand. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check that the output folder is exactly what 'generate' would write.",
                "Exit 1 and list the files when it is stale or was edited by hand; writes nothing."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Emrdag.Outcome outcome : options.emrdag().checkAll(options.request())) {
            ProjectOptions.printWarnings(spec.commandLine(), outcome.warnings());
            spec.commandLine().getOut().printf("emrdag: %s is up to date (%d job groups)%n", outcome.folder(), outcome.jobGroups());
        }
        return EmrdagCommand.OK;
    }
}
