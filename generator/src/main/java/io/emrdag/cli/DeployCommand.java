package io.emrdag.cli;

import io.emrdag.Emrdag;
import io.emrdag.deploy.DeployOptions;
import io.emrdag.deploy.DeployRequest;
import io.emrdag.deploy.DeployResult;
import io.emrdag.deploy.InvalidDeployOptionsException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emrdag deploy}: the project's DAG files to an S3 prefix, an MWAA environment or a local folder. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy the project's DAG files (generated afresh from the metadata) to a DAG folder.",
                "Prints a plan first; uploads changed files only; deletes only files it deployed before (its manifest in"
                        + " the target); keeps every DAG importable at every instant (modules first, deletions last); one"
                        + " deploy per folder at a time (an S3 conditional-write lock).",
                "Credentials: the AWS SDK's default chain (environment, profile, SSO, instance role).",
                "Endpoints: AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_MWAA or --endpoint-url."})
final class DeployCommand implements Callable<Integer>, ChangesFiles, Verbose {

    @Mixin
    ProjectFolder project;

    @Option(names = {"-t", "--target"}, paramLabel = "TARGET",
            description = "s3://bucket/prefix/, mwaa:ENVIRONMENT (its DAG folder, from GetEnvironment),"
                    + " or a local folder (a self-hosted Airflow's DAG folder). With --environment: its deploy_to in"
                    + " emrdag.yaml, and another value is refused.")
    String target;

    @Option(names = {"-e", "--environment"}, paramLabel = "NAME",
            description = "The environment of emrdag.yaml to deploy, to its own deploy_to; required when emrdag.yaml declares"
                    + " environments.")
    String environment;

    @Option(names = "--dry-run", description = "Print the plan and stop: nothing is written.")
    boolean dryRun;

    @Option(names = "--create-folder", description = "Create a local target folder that does not exist; without it a"
            + " missing folder (a misspelt path, an unmounted volume) is refused.")
    boolean createFolder;

    @Option(names = "--adopt", description = "Take ownership of files with the same names that emrdag did not deploy"
            + " (e.g. when moving from 'aws s3 sync'); without it they stop the deploy.")
    boolean adopt;

    @Option(names = "--wait", paramLabel = "DURATION", arity = "0..1", fallbackValue = DeployOptions.DEFAULT_WAIT,
            description = "After deploying to mwaa:ENVIRONMENT, wait until Airflow has registered every deployed DAG"
                    + " and fail on an import error in emrdag's files (default " + DeployOptions.DEFAULT_WAIT + "; e.g. 5m, 90s).")
    String waitFor;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = DeployOptions.DEFAULT_POLL_INTERVAL,
            description = "Time between two checks while waiting (default: ${DEFAULT-VALUE}).")
    String pollInterval;

    @Option(names = "--lock-ttl", paramLabel = "DURATION", defaultValue = DeployOptions.DEFAULT_LOCK_TTL,
            description = "Lease of the deploy lock; a crashed deploy blocks others at most this long (default: ${DEFAULT-VALUE}).")
    String lockTtl;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + DeployOptions.DEFAULT_PARALLEL,
            description = "Uploads in flight at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "S3/MWAA-compatible endpoint instead of AWS's (overrides the AWS_ENDPOINT_URL* variables).")
    String endpointUrl;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "" + DeployOptions.DEFAULT_MAX_ATTEMPTS,
            description = "Attempts per request, retries included (the SDK's standard retry strategy; default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--attempt-timeout", paramLabel = "DURATION", defaultValue = DeployOptions.DEFAULT_ATTEMPT_TIMEOUT,
            description = "Abandon and retry a request attempt after this long (default: ${DEFAULT-VALUE}).")
    String attemptTimeout;

    @Option(names = {"-v", "--verbose"},
            description = "On failure, also print the underlying error's own text (the AWS SDK's), which is long and technical.")
    boolean verbose;

    @Option(names = "--templates", paramLabel = "DIR", hidden = true,
            description = "Use the FreeMarker templates in DIR instead of the built-in ones (template development).")
    Path templates;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DeployOptions options = new DeployOptions().target(target).dryRun(dryRun).adopt(adopt).waitFor(waitFor)
                .pollInterval(pollInterval).lockTtl(lockTtl).parallel(parallel).endpointUrl(endpointUrl)
                .maxAttempts(maxAttempts).attemptTimeout(attemptTimeout).environment(environment).createFolder(createFolder);
        DeployRequest request;
        try {
            request = options.request(DeployCommand::optionName);
        } catch (InvalidDeployOptionsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        var err = spec.commandLine().getErr();
        DeployResult result = new Emrdag(templates).deploy(project.path, request, message -> err.println("emrdag: " + message));
        result.summary().forEach(spec.commandLine().getOut()::println);
        return EmrdagCommand.OK;
    }

    /** The command-line spelling of a deploy setting: lockTtl → --lock-ttl. */
    static String optionName(String setting) {
        return "--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public String unchanged() {
        return "nothing was deployed";
    }
}
