package io.emrdag.deploy;

import io.emrdag.diagnostic.Progress;
import io.emrdag.hash.DagFingerprint;
import io.emrdag.model.MwaaTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Opens the target a request names, runs the {@link Deployer} on it and, when asked, waits for Airflow to
 * register the result. The only place that decides which store and which Airflow API a target means.
 */
public final class DeployService {

    private final Progress progress;

    public DeployService(Progress progress) {
        this.progress = progress;
    }

    /**
     * @param files         the generated files, keyed as they go into the DAG folder
     * @param deployment    the manifest name (package name, or "default")
     * @param tool          "emrdag VERSION"
     * @param airflowTarget the Airflow version the project targets, checked against an MWAA environment's
     */
    public DeployResult deploy(DeployRequest request, List<DeployFile> files, String deployment, String tool, String airflowTarget) {
        return deploy(request, files, deployment, tool, airflowTarget, DeployEnvironment.none());
    }

    /**
     * As {@link #deploy(DeployRequest, List, String, String, String)} for an environment of the project: to its own
     * {@code deploy_to}, and only there; the manifest in the target records the environment, and a target holding
     * another environment's deployment is refused.
     */
    public DeployResult deploy(DeployRequest request, List<DeployFile> files, String deployment, String tool, String airflowTarget,
            DeployEnvironment environment) {
        request = request.to(environment.resolve(request.destination().target()));
        DeployTarget target = DeployTarget.parse(request.destination().target());
        if (request.waiting().waitFor() != null && !(target instanceof DeployTarget.Mwaa)) {
            throw new DeployTargetException("--wait needs an MWAA target (mwaa:ENVIRONMENT): it asks MWAA's Airflow"
                    + " which DAGs it registered" + System.lineSeparator() + "  hint: deploy to mwaa:NAME, or drop --wait");
        }
        Deployer.Options options = new Deployer.Options(deployment, tool, request.care().owner(), request.care().dryRun(), request.care().adopt(),
                request.care().lockTtl(), request.transfer().parallelism(), environment.name());
        if (target instanceof DeployTarget.Mwaa mwaa) {
            return deployToMwaa(request, mwaa, files, options, airflowTarget);
        }
        if (target instanceof DeployTarget.Local local && !request.destination().createFolder() && !Files.isDirectory(local.folder())) {
            throw missingFolder(local.folder(), environment);
        }
        DeployTiming timing = DeployTiming.fromEnvironment();
        digestInBackground(files);
        try (ObjectStore store = target instanceof DeployTarget.S3 s3
                ? new S3ObjectStore(request.transfer().aws(), s3.bucket(), s3.prefix(), request.transfer().parallelism() + 2)
                : new LocalObjectStore(((DeployTarget.Local) target).folder())) {
            timing.mark("client");
            return new Deployer(store, options, progress, timing).deploy(files);
        } finally {
            timing.mark("close");
            timing.report(progress);
        }
    }

    /**
     * A local target that is not there is refused: a misspelt path or an unmounted volume would otherwise be created and
     * filled while the real DAG folder stays as it was, and the deploy would say it succeeded.
     */
    static DeployTargetException missingFolder(Path folder, DeployEnvironment environment) {
        String nl = System.lineSeparator();
        String where = Files.exists(folder) ? " is not a folder" : " does not exist";
        return new DeployTargetException("the local target folder " + folder + where + ": nothing was deployed" + nl
                + "  hint: check the path" + (environment.name() == null ? "" : " (deploy_to of '" + environment.name() + "' in emrdag.yaml)")
                + ", or pass --create-folder (Maven: -Demrdag.deploy.createFolder=true) to create it");
    }

    /**
     * Computes the files' digests (the plan compares them, the manifest records them) on another thread while
     * this one builds the SDK client; whatever is not done by the time the plan needs it, the plan computes.
     */
    private static void digestInBackground(List<DeployFile> files) {
        Thread digests = new Thread(() -> files.forEach(file -> {
            file.sha256();
            file.md5();
        }), "emrdag-digests");
        digests.setDaemon(true);
        digests.start();
    }

    /**
     * A deploy to an environment whose Airflow is not the project's target is refused before any write: the files
     * were generated and verified for the target's Airflow and Amazon provider, and an older provider refuses
     * keywords a newer one has. Either side can change, so the message says what to change on each.
     */
    static DeployTargetException versionMismatch(String environment, String airflowTarget, String running) {
        String nl = System.lineSeparator();
        String provider = MwaaTarget.forVersion(airflowTarget).map(t -> " (Amazon provider " + t.amazonProviderVersion() + ")").orElse("");
        Optional<MwaaTarget> runningTarget = MwaaTarget.forVersion(running);
        String project = runningTarget.isPresent()
                ? "  hint: change the project: set target: \"" + running + "\" in emrdag.yaml, then generate, verify and deploy again"
                : "  hint: emrdag cannot generate for Airflow " + running + " (it supports " + String.join(", ", MwaaTarget.versions())
                        + "): the project cannot follow the environment";
        return new DeployTargetException("the project targets Airflow " + airflowTarget + provider + " but the MWAA environment '"
                + environment + "' runs Airflow " + running + runningTarget.map(t -> " (Amazon provider " + t.amazonProviderVersion() + ")").orElse("")
                + "; DAG files made and verified for one may not import in the other" + nl + project + nl
                + "  hint: " + (runningTarget.isPresent() ? "or " : "") + "change the environment: aws mwaa update-environment --name " + environment + " --airflow-version "
                + airflowTarget + " (MWAA changes versions in place only along the paths in its user guide, 'Changing the"
                + " Apache Airflow version'), or deploy to an environment that runs Airflow " + airflowTarget);
    }

    private DeployResult deployToMwaa(DeployRequest request, DeployTarget.Mwaa target, List<DeployFile> files,
            Deployer.Options options, String airflowTarget) {
        digestInBackground(files);
        try (MwaaEnvironment environment = new MwaaEnvironment(request.transfer().aws(), target.name())) {
            MwaaEnvironment.Description description = environment.describe();
            progress.report("MWAA environment " + target.name() + " (Airflow " + description.airflowVersion() + ", "
                    + description.status() + "): DAG folder s3://" + description.bucket() + "/" + description.prefix());
            if (airflowTarget != null && description.airflowVersion() != null && !airflowTarget.equals(description.airflowVersion())) {
                throw versionMismatch(target.name(), airflowTarget, description.airflowVersion());
            }
            try (ObjectStore store = new S3ObjectStore(request.transfer().aws(), description.bucket(), description.prefix(), request.transfer().parallelism() + 2)) {
                DeployResult result = new Deployer(store, options, progress).deploy(files);
                if (request.waiting().waitFor() == null || request.care().dryRun()) {
                    return result;
                }
                Map<String, String> dags = new TreeMap<>();
                files.stream().filter(f -> f.kind() == DeployFile.FileKind.DAG).forEach(f -> dags.put(f.path(), f.dagId()));
                Set<String> uploaded = result.plan().steps().stream().filter(c -> c.action().uploads())
                        .map(DeployPlan.Change::path).collect(Collectors.toSet());
                RegistrationWaiter waiter = new RegistrationWaiter(environment, progress, request.waiting().pollInterval(), store::now,
                        duration -> Thread.sleep(duration.toMillis()));
                Map<String, String> fingerprints = new TreeMap<>();
                files.stream().filter(f -> uploaded.contains(f.path())).forEach(f -> DagFingerprint
                        .of(new String(f.content(), StandardCharsets.UTF_8)).ifPresent(v -> fingerprints.put(f.path(), v)));
                return result.withRegistration(waiter.await(dags, uploaded, fingerprints, result.timing().finishedAt(), request.waiting().waitFor()));
            }
        }
    }
}
