package io.emrdag.cli;

import io.emrdag.Emrdag;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code emrdag generate}: metadata → DAG files, incremental and atomic. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate the DAG files of every job group into the output folder.",
                "Writes only changed files, deletes files it generated for removed job groups, never touches other files.",
                "On any metadata error nothing is written."})
final class GenerateCommand extends ProjectCommand implements ChangesFiles {

    @Override
    List<Printed> run(Emrdag emrdag) {
        return emrdag.generateAll(options.request()).stream().map(o -> new Printed(o.warnings(), o.generated())).toList();
    }

    @Override
    public String unchanged() {
        return "nothing was written";
    }
}
