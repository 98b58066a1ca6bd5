package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deploying one environment of the example project writes that environment's {@code deploy_to} and nothing else: its
 * own bucket receives exactly {@code generated-dags/<environment>/}, the other environment's bucket is left as it was
 * (every object's ETag and modification time, checked against a moto S3 server on loopback), and a target that is
 * not the environment's own is refused before any write.
 */
class EnvironmentDeployIT {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static MotoS3 moto;

    @TempDir
    Path tmp;

    private String staging;
    private String prod;
    private Path project;

    @BeforeAll
    static void start() throws IOException {
        moto = MotoS3.withTestCredentials();
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void buckets() throws IOException {
        int run = RUNS.incrementAndGet();
        staging = "mediclake-staging-" + run;
        prod = "mediclake-prod-" + run;
        moto.createBucket(staging);
        moto.createBucket(prod);
        project = TestProjects.examplesDeployingTo(tmp, "prod", "s3://" + prod + "/dags/");
        Path settings = project.resolve("emrdag.yaml");
        String text = Files.readString(settings);
        assertTrue(text.contains("deploy_to: s3://mediclake-staging-mwaa/dags/"), "the examples' staging deploys to S3");
        Files.writeString(settings, text.replace("s3://mediclake-staging-mwaa/dags/", "s3://" + staging + "/dags/"));
    }

    private DeployResult deploy(String environment, String target) {
        DeployRequest request = new DeployRequest(new DeployRequest.Destination(target, environment, false),
                new DeployRequest.Care(false, false, Duration.ofSeconds(30), "it@test"),
                new DeployRequest.Transfer(4, new AwsSettings(moto.endpoint(), null, 3, Duration.ofSeconds(10))),
                new DeployRequest.Waiting(null, Duration.ofSeconds(1)));
        return new Emrdag().deploy(project, request, Progress.silent());
    }

    /** Every object of a bucket: key, ETag and modification time. */
    private static Map<String, String> objects(String bucket) {
        Map<String, String> objects = new TreeMap<>();
        for (S3Object o : moto.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            objects.put(o.key(), o.eTag() + " " + o.lastModified());
        }
        return objects;
    }

    private static Map<String, String> generated(String environment) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(TestProjects.REPO.resolve("generated-dags").resolve(environment))) {
            for (Path f : list.filter(p -> p.getFileName().toString().endsWith(".py")).toList()) {
                files.put("dags/" + f.getFileName(), Files.readString(f));
            }
        }
        return files;
    }

    @Test
    void deployingStagingWritesStagingsBucketAndLeavesProdUntouched() throws IOException {
        moto.put(prod, "dags/other_team_dag.py", "theirs = 1\n");
        deploy("prod", null);
        Map<String, String> prodBefore = objects(prod);
        assertTrue(prodBefore.keySet().containsAll(generated("prod").keySet()), prodBefore.keySet().toString());

        DeployResult result = deploy("staging", null);

        assertEquals("s3://" + staging + "/dags/", result.target());
        Map<String, String> deployed = moto.contents(staging);
        deployed.keySet().removeIf(k -> k.startsWith("dags/.emrdag/"));
        assertEquals(generated("staging"), deployed, "staging's bucket holds exactly generated-dags/staging/");
        assertTrue(moto.contents(staging).get("dags/.emrdag/default.deploy.json").contains("\"environment\" : \"staging\""));
        assertEquals(prodBefore, objects(prod), "prod's bucket is untouched: same objects, ETags and times");
    }

    @Test
    void aTargetThatIsNotTheEnvironmentsOwnIsRefusedBeforeAnyWrite() {
        Map<String, String> before = objects(prod);
        DeployTargetException refused = assertThrows(DeployTargetException.class, () -> deploy("staging", "s3://" + prod + "/dags/"));
        assertTrue(refused.getMessage().startsWith("--target s3://" + prod + "/dags/ is not where environment 'staging' deploys"),
                refused.getMessage());
        assertEquals(before, objects(prod));
        assertEquals(Map.of(), objects(staging));
        assertEquals("s3://" + staging + "/dags/", deploy("staging", "s3://" + staging + "/dags").target(),
                "the same place, spelt without the final '/', is the environment's own");
    }

    @Test
    void aProjectWithEnvironmentsDeploysOneOfThemOnly() {
        DeployTargetException refused = assertThrows(DeployTargetException.class, () -> deploy(null, "s3://" + prod + "/dags/"));
        assertTrue(refused.getMessage().startsWith("the project declares environments (staging, prod): choose the one to deploy"),
                refused.getMessage());
        assertEquals(Map.of(), objects(prod));
    }

    @Test
    void aFolderHoldingAnotherEnvironmentsDeploymentIsNotTakenOver() throws IOException {
        deploy("prod", null);
        Map<String, String> before = objects(prod);
        // Another copy of the project whose staging (by mistake) deploys where prod does.
        Files.writeString(project.resolve("emrdag.yaml"), Files.readString(project.resolve("emrdag.yaml"))
                .replace("deploy_to: s3://" + prod + "/dags/", "deploy_to: s3://" + prod + "-elsewhere/dags/")
                .replace("deploy_to: s3://" + staging + "/dags/", "deploy_to: s3://" + prod + "/dags/"));
        DeployConflictException refused = assertThrows(DeployConflictException.class, () -> deploy("staging", null));
        assertTrue(refused.getMessage().contains("holds the deployment 'default' of environment 'prod'"), refused.getMessage());
        assertEquals(before, objects(prod));
    }
}
