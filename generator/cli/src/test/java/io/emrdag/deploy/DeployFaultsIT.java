package io.emrdag.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.cli.ReadmeExamplesTest;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.hash.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deployer over real HTTP: moto's S3 server on 127.0.0.1, and between the two a WireMock proxy that
 * forwards every request and injects faults on demand (5xx, throttling, cut connections, answers slower than
 * the attempt timeout). What S3 holds afterwards is read straight from moto, not through the proxy.
 */
class DeployFaultsIT {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static MotoS3 moto;
    private static WireMockServer proxy;

    @TempDir
    Path tmp;

    private String bucket;
    /** The examples, their prod environment deploying to this test's bucket. */
    private Path examples;

    @BeforeAll
    static void start() throws IOException {
        moto = MotoS3.withTestCredentials();
        proxy = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.stop();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void freshBucketAndCleanProxy() {
        proxy.resetAll();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        bucket = "dags-" + BUCKETS.incrementAndGet();
        moto.createBucket(bucket);
        examples = TestProjects.examplesDeployingTo(tmp.resolve("examples"), "prod", "s3://" + bucket + "/dags/");
    }

    @AfterEach
    void noStrayProcesses() {
        proxy.resetScenarios();
    }

    private DeployRequest request(String target, Duration lockTtl, Duration attemptTimeout, String owner) {
        return new DeployRequest(new DeployRequest.Destination(target, "prod", false), new DeployRequest.Care(false, false, lockTtl, owner),
                new DeployRequest.Transfer(4, new AwsSettings(URI.create(proxy.baseUrl()), null, 6, attemptTimeout)),
                new DeployRequest.Waiting(null, Duration.ofSeconds(1)));
    }

    private DeployResult deploy(Path project, String owner, List<String> progress) {
        return new Emrdag().deploy(project, request("s3://" + bucket + "/dags/", Duration.ofSeconds(30), Duration.ofSeconds(2), owner),
                progress::add);
    }

    private DeployResult deploy(Path project) {
        return deploy(project, "it@test", new ArrayList<>());
    }

    /** The example project's generated files (environment prod), as they must appear under dags/. */
    private static Map<String, String> generated() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(TestProjects.REPO.resolve("generated-dags/prod"))) {
            for (Path f : list.filter(p -> p.getFileName().toString().endsWith(".py")).toList()) {
                files.put("dags/" + f.getFileName(), Files.readString(f));
            }
        }
        return files;
    }

    private Map<String, String> deployedFiles() {
        Map<String, String> files = moto.contents(bucket);
        files.keySet().removeIf(k -> k.startsWith("dags/.emrdag/"));
        return files;
    }

    /** Answers the first {@code times} requests matching {@code request} with {@code fault}, then lets them through. */
    private static void failFirst(String scenario, int times, Supplier<MappingBuilder> request, ResponseDefinitionBuilder fault) {
        for (int i = 0; i < times; i++) {
            proxy.stubFor(request.get().atPriority(1).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after-" + i)
                    .willSetStateTo("after-" + (i + 1))
                    .willReturn(fault));
        }
    }

    private List<LoggedRequest> requestsTo(String method, String pathPart) {
        return proxy.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().contains(pathPart)).toList();
    }

    /** The transient faults S3 clients meet, each injected on the first two DAG uploads and the first listing. */
    enum TransientFault {
        INTERNAL_ERROR(() -> aResponse().withStatus(500).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>")),
        SERVICE_UNAVAILABLE(() -> aResponse().withStatus(503).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>ServiceUnavailable</Code><Message>Reduce your request rate.</Message></Error>")),
        THROTTLED(() -> aResponse().withStatus(503).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>")),
        CONNECTION_RESET(() -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        EMPTY_RESPONSE(() -> aResponse().withFault(Fault.EMPTY_RESPONSE)),
        GARBAGE_THEN_CLOSE(() -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
        SLOWER_THAN_THE_ATTEMPT_TIMEOUT(() -> aResponse().withStatus(500).withFixedDelay(4_000));

        final Supplier<ResponseDefinitionBuilder> response;

        TransientFault(Supplier<ResponseDefinitionBuilder> response) {
            this.response = response;
        }
    }

    @ParameterizedTest
    @EnumSource(TransientFault.class)
    void transientFaultsAreRetriedAndTheDeployCompletes(TransientFault fault) throws IOException {
        failFirst("dags", 2, () -> put(urlPathMatching("/" + bucket + "/dags/.*_dag\\.py")), fault.response.get());
        failFirst("list", 1, () -> get(urlPathMatching("/" + bucket + "/?")), fault.response.get());
        DeployResult result = deploy(examples);
        Map<String, String> expected = generated();
        assertEquals(expected.size(), result.traffic().uploaded(), "the modules, the janitor and every job group's DAG file");
        assertEquals(expected, deployedFiles());
        long dags = expected.keySet().stream().filter(f -> f.endsWith("_dag.py")).count();
        long dagPuts = requestsTo("PUT", "_dag.py").size();
        assertTrue(dagPuts >= dags + 2, dags + " DAG uploads plus at least 2 retried attempts, saw " + dagPuts);
        assertTrue(deploy(examples).plan().upToDate());
    }

    @Test
    void aRetriedConditionalWriteWhoseFirstAttemptLandedIsNotAConflict() throws IOException {
        proxy.stubFor(put(urlPathMatching("/" + bucket + "/dags/claims_cdc_dag\\.py")).atPriority(1).inScenario("slow")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("done")
                .willReturn(aResponse().proxiedFrom(moto.endpoint().toString()).withFixedDelay(4_000)));
        DeployResult result = deploy(examples);
        assertEquals(generated().size(), result.traffic().uploaded(), "the modules, the janitor and every job group's DAG file");
        assertEquals(2, requestsTo("PUT", "claims_cdc_dag.py").size(), "the first attempt reached S3, the retry found it written");
        assertEquals(generated(), deployedFiles());
    }

    @Test
    void uploadsGoWholeInOneRoundTripWithTheirConditionAndContentMd5() throws IOException {
        deploy(examples);
        List<LoggedRequest> uploads = requestsTo("PUT", "_dag.py");
        assertEquals(9, uploads.size());
        for (LoggedRequest upload : uploads) {
            String body = upload.getBodyAsString();
            String name = upload.getUrl().substring(upload.getUrl().lastIndexOf('/') + 1);
            assertEquals(generated().get("dags/" + name), body, "the body is the file itself, not aws-chunked frames");
            assertEquals("*", upload.getHeader("If-None-Match"));
            assertEquals(ContentHash.md5Base64(body.getBytes(StandardCharsets.UTF_8)), upload.getHeader("Content-MD5"));
            assertEquals(Sha256.of(body.getBytes(StandardCharsets.UTF_8)),
                    upload.getHeader("x-amz-content-sha256"), "signed over http with one SHA-256 of the body");
            assertFalse(upload.containsHeader("Content-Encoding"), "no aws-chunked encoding");
            assertFalse(upload.containsHeader("Expect"), "a small body is sent at once, no wait for 100 Continue");
        }
    }

    @Test
    void anUnchangedRedeployMakesTwoRequestsAndNoUpload() {
        deploy(examples);
        proxy.resetRequests();
        DeployResult again = deploy(examples);
        assertTrue(again.plan().upToDate());
        List<LoggedRequest> wire = proxy.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
        assertEquals(List.of("GET", "GET"), wire.stream().map(r -> r.getMethod().getName()).toList(), "a listing and the manifest");
        assertEquals(2, again.traffic().requestTotal());
    }

    @Test
    void foreignFilesAreLeftAloneTheOrderIsSafeAndARemovedJobGroupIsDeleted() throws IOException {
        moto.put(bucket, "dags/other_team_dag.py", "theirs = 1\n");
        moto.put(bucket, "dags/requirements.txt", "boto3\n");
        deploy(examples);
        List<String> order = proxy.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl())
                .filter(s -> s.startsWith("PUT") && s.endsWith(".py")).toList();
        int lastModule = Math.max(order.indexOf("PUT /" + bucket + "/dags/templates.py"), order.indexOf("PUT /" + bucket + "/dags/template_generator.py"));
        int firstDag = order.stream().filter(s -> s.endsWith("_dag.py")).findFirst().map(order::indexOf).orElseThrow();
        assertTrue(lastModule >= 0 && lastModule < firstDag, "shared modules are uploaded before any DAG file: " + order);

        Path project = TestProjects.copy(examples, tmp.resolve("job-groups"));
        Files.delete(project.resolve("process_to_report/provider_quality_metrics.yaml"));
        proxy.resetRequests();
        DeployResult second = deploy(project);
        assertEquals(1, second.traffic().deleted());
        // The DAG files of the job groups it waited for name it no more: what the project renders now.
        Map<String, String> expected = new TreeMap<>();
        new Emrdag().deployable(project, "prod").files().forEach(f -> expected.put("dags/" + f.path(),
                new String(f.content(), StandardCharsets.UTF_8)));
        assertTrue(!expected.containsKey("dags/provider_quality_metrics_dag.py"));
        expected.put("dags/other_team_dag.py", "theirs = 1\n");
        expected.put("dags/requirements.txt", "boto3\n");
        assertEquals(expected, deployedFiles());
        assertEquals(1, requestsTo("DELETE", "provider_quality_metrics_dag.py").size());
    }

    @Test
    void aForeignFileOfTheSameNameStopsTheDeployBeforeAnyWrite() {
        moto.put(bucket, "dags/claims_cdc_dag.py", "hand-deployed = 1\n");
        DeployConflictException e = assertThrows(DeployConflictException.class, () -> deploy(examples));
        assertTrue(e.getMessage().startsWith("1 file in the way: claims_cdc_dag.py exists"), e.getMessage());
        assertEquals(List.of(), requestsTo("PUT", "/"), "nothing written");
        assertEquals(Map.of("dags/claims_cdc_dag.py", "hand-deployed = 1\n"), deployedFiles());
    }

    @Test
    void twoConcurrentDeploysCannotInterleaveAndTheLoserNamesTheWinner() throws Exception {
        proxy.stubFor(put(urlPathMatching("/" + bucket + "/dags/.*_dag\\.py")).atPriority(1)
                .willReturn(aResponse().proxiedFrom(moto.endpoint().toString()).withFixedDelay(300)));
        List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier together = new CyclicBarrier(2);
        List<Thread> threads = new ArrayList<>();
        for (String owner : List.of("alice@ci", "bob@ci")) {
            Thread thread = new Thread(() -> {
                try {
                    together.await();
                    outcomes.add(deploy(examples, owner, new ArrayList<>()));
                } catch (DeployConflictException e) {
                    outcomes.add(e);
                } catch (Exception e) {
                    outcomes.add(new AssertionError(owner + " failed unexpectedly", e));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertEquals(2, outcomes.size(), outcomes.toString());
        List<DeployConflictException> lost = outcomes.stream().filter(DeployConflictException.class::isInstance)
                .map(DeployConflictException.class::cast).toList();
        assertEquals(1, lost.size(), "exactly one deploy wins: " + outcomes);
        assertTrue(lost.get(0).getMessage().matches("(?s)another deploy is running on s3://" + bucket
                + "/dags/: deploy \\w+ by (alice|bob)@ci \\(started .*"), lost.get(0).getMessage());
        assertEquals(generated(), deployedFiles());
    }

    @Test
    void aDeployKilledMidwayConvergesWhenRunAgainOnceItsLockLapses() throws Exception {
        moto.put(bucket, "dags/other_team_dag.py", "theirs = 1\n");
        proxy.stubFor(put(urlPathMatching("/" + bucket + "/dags/.*_dag\\.py")).atPriority(1)
                .willReturn(aResponse().proxiedFrom(moto.endpoint().toString()).withFixedDelay(500)));
        Path jar = TestProjects.REPO.resolve("generator/cli/target/emrdag/lib/emrdag.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "deploy", "-p", examples.toString(), "--environment", "prod", "--target", "s3://" + bucket + "/dags/", "--endpoint-url", proxy.baseUrl(),
                "--parallel", "1", "--lock-ttl", "3s").redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile());
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1"));
        Process killed = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (requestsTo("PUT", "_dag.py").size() < 3 && System.nanoTime() < deadline && killed.isAlive()) {
            Thread.sleep(20);
        }
        killed.destroyForcibly().waitFor();
        int written = requestsTo("PUT", "_dag.py").size();
        assertTrue(written >= 3 && written < 7, "killed half-way, after " + written + " DAG uploads: " + Files.readString(tmp.resolve("killed.log")));
        assertFalse(deployedFiles().keySet().containsAll(generated().keySet()), "the killed deploy did not finish");

        DeployConflictException blocked = assertThrows(DeployConflictException.class, () -> deploy(examples));
        assertTrue(blocked.getMessage().startsWith("another deploy is running"), blocked.getMessage());

        List<String> progress = new ArrayList<>();
        DeployResult rerun = null;
        while (rerun == null) {
            try {
                rerun = deploy(examples, "it@test", progress);
            } catch (DeployConflictException stillHeld) {
                assertTrue(System.nanoTime() < deadline, "the killed deploy's lock never lapsed");
                Thread.sleep(250);
            }
        }
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("took over the lapsed lock of deploy")), progress.toString());
        assertTrue(rerun.plan().conflicts().isEmpty(), "files the killed deploy wrote are still emrdag's");
        Map<String, String> expected = generated();
        expected.put("dags/other_team_dag.py", "theirs = 1\n");
        assertEquals(expected, deployedFiles());
        assertTrue(deploy(examples).plan().upToDate());
    }

    @Test
    void aPermanentErrorStopsWithAHintInsteadOfRetryingForever() {
        proxy.stubFor(put(anyUrl()).atPriority(1).willReturn(s3Error(403, "AccessDenied", "Access Denied")));
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> deploy(examples));
        assertEquals("AWS denied access (AccessDenied): cannot upload s3://" + bucket + "/dags/.emrdag/deploy.lock" + System.lineSeparator()
                + "  hint: the credentials of the default chain need s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on s3://"
                + bucket + "/dags/; 'aws sts get-caller-identity' shows whose they are", e.getMessage());
        assertEquals(1, requestsTo("PUT", "/").size(), "403 is not retried");
        assertEquals(Map.of(), deployedFiles());
    }

    @Test
    void expiredAndRejectedCredentialsAreSaidSoInOneLineWithAHint() {
        proxy.stubFor(any(anyUrl()).atPriority(1).willReturn(s3Error(400, "ExpiredToken", "The provided token has expired.")));
        EnvironmentException expired = assertThrows(EnvironmentException.class, () -> deploy(examples));
        assertEquals("the AWS credentials have expired (ExpiredToken; cannot list s3://" + bucket + "/dags/)", firstLine(expired));
        assertTrue(expired.getMessage().contains("hint: refresh them ('aws sso login' for an SSO profile"), expired.getMessage());

        proxy.stubFor(any(anyUrl()).atPriority(1).willReturn(s3Error(403, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.")));
        EnvironmentException rejected = assertThrows(EnvironmentException.class, () -> deploy(examples));
        assertEquals("AWS does not accept these credentials (InvalidAccessKeyId; cannot list s3://" + bucket + "/dags/)", firstLine(rejected));
        assertTrue(rejected.getMessage().contains("hint: check which credentials the default chain finds ('aws sts get-caller-identity')"),
                rejected.getMessage());
        assertEquals(Map.of(), deployedFiles());
    }

    @Test
    void aBucketInAnotherRegionNamesItsRegion() {
        proxy.stubFor(any(anyUrl()).atPriority(1).willReturn(s3Error(301, "PermanentRedirect",
                "The bucket you are attempting to access must be addressed using the specified endpoint.").withHeader("x-amz-bucket-region", "eu-west-1")));
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> deploy(examples));
        assertEquals("the bucket is in region eu-west-1 (PermanentRedirect; cannot list s3://" + bucket + "/dags/)" + System.lineSeparator()
                + "  hint: set AWS_REGION=eu-west-1, or drop --endpoint-url so that the SDK follows the bucket", e.getMessage());
    }

    /**
     * A new user's first deploy, as a separate process with an empty credential environment (no AWS variables, a home
     * without ~/.aws, no instance metadata): exit 3 and a short message that says where the SDK looked, not the SDK's
     * 1,500-character walk through its provider chain, which --verbose still shows.
     */
    @Test
    void noCredentialsAnywhereIsAShortEnvironmentErrorThatSaysWhereTheChainLooks() throws Exception {
        Map<String, String> empty = Map.of("HOME", tmp.toString(), "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");
        CliRun plain = cli(empty, "--endpoint-url", proxy.baseUrl());
        assertEquals(3, plain.exit(), plain.output());
        assertTrue(plain.output().startsWith("emrdag: no AWS credentials found (cannot list s3://" + bucket + "/dags/)"), plain.output());
        for (String place : List.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "~/.aws/credentials", "aws sso login", "instance role")) {
            assertTrue(plain.output().contains(place), place + " in " + plain.output());
        }
        assertFalse(plain.output().contains("ProviderChain"), plain.output());
        assertTrue(plain.output().length() < 700, plain.output().length() + " characters: " + plain.output());

        CliRun verbose = cli(empty, "--endpoint-url", proxy.baseUrl(), "--verbose");
        assertEquals(3, verbose.exit(), verbose.output());
        assertTrue(verbose.output().contains("caused by: software.amazon.awssdk.core.exception.SdkClientException: Unable to load credentials"),
                verbose.output());
        assertEquals(List.of(), requestsTo("GET", "/"), "nothing reached S3 without credentials");
    }

    @Test
    void noRegionAndAnUnknownRegionAreShortEnvironmentErrors() throws Exception {
        Map<String, String> keys = Map.of("HOME", tmp.toString(), "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_EC2_METADATA_DISABLED", "true");
        CliRun none = cli(keys);
        assertEquals(3, none.exit(), none.output());
        assertEquals("emrdag: no AWS region configured" + System.lineSeparator() + "  hint: set AWS_REGION (e.g. eu-west-1), or a region"
                + " in the profile AWS_PROFILE names in ~/.aws/config" + System.lineSeparator(), none.output());

        Map<String, String> typo = new HashMap<>(keys);
        typo.put("AWS_REGION", "eu-wset-1");
        CliRun unknown = cli(typo, "--max-attempts", "1");
        assertEquals(3, unknown.exit(), unknown.output());
        assertTrue(unknown.output().contains("unknown host") && unknown.output().contains("'eu-wset-1' is not an AWS region"), unknown.output());
    }

    /**
     * The README's deploy example, run as it says on the examples' staging environment (its bucket this test's, reached
     * through {@code --endpoint-url}): other teams' files in the folder, then a profile edited and a job group removed.
     */
    @Test
    void theReadmesDeployExampleIsWhatDeployPrints() throws Exception {
        List<String> example = ReadmeExamplesTest.examples().get("deploy-plan");
        String readmeTarget = "s3://mediclake-staging-mwaa/dags/";
        assertEquals("$ generator/cli/target/emrdag/bin/emrdag deploy -e staging     # a profile edited, one job group removed", example.get(0));
        Path staging = TestProjects.examplesDeployingTo(tmp.resolve("staging"), "staging", "s3://" + bucket + "/dags/");
        assertTrue(Files.readString(TestProjects.REPO.resolve("job-groups/emrdag.yaml")).contains("deploy_to: " + readmeTarget));
        for (int i = 1; i <= 12; i++) {
            moto.put(bucket, String.format("dags/other_team_%02d_dag.py", i), "theirs = " + i + "\n");
        }
        Map<String, String> keys = Map.of("HOME", tmp.toString(), "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");
        CliRun first = cli(staging, "staging", keys, "--endpoint-url", proxy.baseUrl());
        assertEquals(0, first.exit(), first.output());

        Path settings = staging.resolve("emrdag.yaml");
        String text = Files.readString(settings);
        assertTrue(text.contains("spark.sql.shuffle.partitions: \"800\""), "the profile the example edits");
        Files.writeString(settings, text.replace("spark.sql.shuffle.partitions: \"800\"", "spark.sql.shuffle.partitions: \"1000\""));
        Files.delete(staging.resolve("process_to_report/provider_quality_metrics.yaml"));
        CliRun second = cli(staging, "staging", keys, "--endpoint-url", proxy.baseUrl());

        assertEquals(0, second.exit(), second.output());
        ReadmeExamplesTest.assertOutput(example, second.output().replace("s3://" + bucket + "/dags/", readmeTarget));
    }

    private record CliRun(int exit, String output) {
    }

    /** {@code emrdag deploy} of the examples to this test's bucket, in a process whose environment is exactly {@code environment}. */
    private CliRun cli(Map<String, String> environment, String... options) throws IOException, InterruptedException {
        return cli(examples, "prod", environment, options);
    }

    private CliRun cli(Path project, String deployed, Map<String, String> environment, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                TestProjects.REPO.resolve("generator/cli/target/emrdag/lib/emrdag.jar").toString(), "deploy", "-p", project.toString(),
                "--environment", deployed, "--target", "s3://" + bucket + "/dags/"));
        command.addAll(List.of(options));
        Path log = Files.createTempFile(tmp, "cli", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new CliRun(process.exitValue(), Files.readString(log));
    }

    private static ResponseDefinitionBuilder s3Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>");
    }

    private static String firstLine(Exception e) {
        return e.getMessage().lines().findFirst().orElse("");
    }
}
