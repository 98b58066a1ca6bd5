package io.emrdag.cli;

import io.emrdag.Emrdag;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code emrdag check}: fail when the committed output is stale or was edited by hand. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check that the output folder is exactly what 'generate' would write.",
                "Exit 1 and list the files when it is stale or was edited by hand; writes nothing."})
final class CheckCommand extends ProjectCommand {

    @Override
    List<Printed> run(Emrdag emrdag) {
        return emrdag.checkAll(options.request()).stream().map(o -> new Printed(o.warnings(), List.of(o.upToDate()))).toList();
    }
}
