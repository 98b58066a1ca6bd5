package io.emrdag.cli;

import io.emrdag.Emrdag;
import io.emrdag.model.MwaaTarget;
import io.emrdag.porting.ImportRequest;
import io.emrdag.porting.ImportResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emrdag import}: hand-written EMR DAGs become an emrdag project, each port proved against its original. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read hand-written EMR DAG files in a real Airflow (old module paths bridged), write one job group per DAG"
                + " and an emrdag.yaml with shared cluster profiles and defaults, then generate the project and prove each port:"
                + " the RunJobFlow request, every step, the DAG arguments and the tasks, rendered for the same logical date.",
                "Never changes a source file and never overwrites a project file. Exit 0 when every DAG was ported (each"
                        + " identical or with every difference listed), 1 when a file did not import or a DAG was skipped"
                        + " (or, with --strict, on any difference)."})
final class ImportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SOURCE", description = "DAG files or folders (recursive, .airflowignore honoured).")
    List<Path> sources;

    @Option(names = {"-p", "--project"}, defaultValue = "job-groups", paramLabel = "DIR",
            description = "Project folder to write (default: ${DEFAULT-VALUE}); its files must not exist yet.")
    Path project;

    @Option(names = "--target", defaultValue = MwaaTarget.DEFAULT_VERSION, paramLabel = "VERSION",
            description = "MWAA Airflow version whose pinned environment reads the DAGs (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--variables", paramLabel = "FILE",
            description = "JSON file of the Airflow Variables the sources read at parse time ({\"NAME\": value}, or"
                    + " {\"variables\": {...}, \"connections\": {...}}); used at parse and render time on both sides.")
    Path variables;

    @Option(names = "--strict", description = "Fail (exit 1) on any difference, also one that is listed.")
    boolean strict;

    @Option(names = "--python", paramLabel = "PATH", hidden = true,
            description = "Python interpreter with Airflow and the Amazon provider (skips the pinned venv).")
    Path python;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        ImportResult result = new Emrdag().importDags(new ImportRequest(sources, project, target, variables, strict), python,
                message -> err.println("emrdag: " + message));
        result.table().forEach(spec.commandLine().getOut()::println);
        result.written().forEach(p -> err.println("emrdag: wrote " + p));
        if (!result.complete()) {
            return EmrdagCommand.USER_ERROR;
        }
        return strict && !result.identical() ? EmrdagCommand.USER_ERROR : EmrdagCommand.OK;
    }
}
