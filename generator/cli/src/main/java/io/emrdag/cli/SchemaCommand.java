package io.emrdag.cli;

import io.emrdag.Emrdag;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emrdag schema}: write the JSON Schemas that give editors completion for the metadata files. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Write the JSON Schemas (2020-12) of emrdag.yaml and of job-group files, for editor completion:",
                "put '# yaml-language-server: $schema=<dir>/job-group.schema.json' at the top of a job-group file."})
final class SchemaCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, defaultValue = "schemas", paramLabel = "DIR",
            description = "Folder to write the schema files to (default: ${DEFAULT-VALUE}).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        new Emrdag().schema(output).forEach(file -> spec.commandLine().getOut().println("  wrote    " + file));
        return EmrdagCommand.OK;
    }
}
