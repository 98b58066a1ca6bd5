package io.emrdag.cli;

import io.emrdag.pipeline.Outcome;
import java.util.List;
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
        for (Outcome outcome : options.emrdag().checkAll(options.request())) {
            ProjectOptions.print(spec, outcome.warnings(), List.of(outcome.upToDate()));
        }
        return EmrdagCommand.OK;
    }
}
