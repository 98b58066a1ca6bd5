package io.emrdag.cli;

import io.emrdag.pipeline.PerEnvironment;
import io.emrdag.pipeline.VerifyRequest;
import io.emrdag.verify.VerifyResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emrdag verify}: import every generated DAG in a real Airflow at the project's target. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Import every generated DAG file in a real Airflow with the real Amazon provider, at the project's MWAA"
                + " target, and fail on an import error, a wrong task graph, or SQL run while parsing.",
                "Uses a pinned venv that emrdag creates and caches (~/.cache/emrdag or $EMRDAG_CACHE), or --python."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions options;

    @Option(names = "--python", paramLabel = "PATH",
            description = "Python interpreter that has Airflow and the Amazon provider installed (skips the pinned venv).")
    Path python;

    @Option(names = "--docker", description = "Run the check in the official apache/airflow image of the target (needs Docker).")
    boolean docker;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        for (PerEnvironment<VerifyResult> each : options.emrdag().verifyAll(new VerifyRequest(options.project.path, options.output,
                python, docker, options.environment), message -> err.println("emrdag: " + message))) {
            each.header().forEach(spec.commandLine().getOut()::println);
            each.result().warnings().forEach(warning -> err.println("emrdag: warning: " + warning));
            each.result().report().forEach(spec.commandLine().getOut()::println);
        }
        return EmrdagCommand.OK;
    }
}
