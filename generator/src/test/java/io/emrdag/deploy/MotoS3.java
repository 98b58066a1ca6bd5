package io.emrdag.deploy;

import io.emrdag.model.MwaaTarget;
import io.emrdag.verify.PythonEnvironments;
import io.emrdag.verify.ScriptRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A moto server process on 127.0.0.1, from emrdag's pinned Airflow 2.10.3 environment, plus a plain S3 client
 * straight to it (not through any fault proxy) for setting up and inspecting buckets.
 */
final class MotoS3 implements AutoCloseable {

    private final Process process;
    private final URI endpoint;
    private final S3Client s3;

    MotoS3() throws IOException {
        Path python = new PythonEnvironments(new ScriptRunner()).pythonFor(MwaaTarget.forVersion("2.10.3").orElseThrow(), m -> { });
        Path script = Files.createTempFile("moto_s3", ".py");
        try (InputStream in = MotoS3.class.getResourceAsStream("moto_s3.py")) {
            Files.write(script, in.readAllBytes());
        }
        process = new ProcessBuilder(python.toString(), script.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String port = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (port == null) {
            throw new IOException("moto did not start");
        }
        endpoint = URI.create("http://127.0.0.1:" + port.strip());
        s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    /** A moto server, with the AWS SDK of this JVM given dummy credentials and a region (system properties) to reach it. */
    static MotoS3 withTestCredentials() throws IOException {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", "us-east-1");
        return new MotoS3();
    }

    URI endpoint() {
        return endpoint;
    }

    S3Client client() {
        return s3;
    }

    void createBucket(String bucket) {
        s3.createBucket(r -> r.bucket(bucket));
    }

    void put(String bucket, String key, String text) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(text));
    }

    /** Every object of a bucket with its text. */
    Map<String, String> contents(String bucket) {
        Map<String, String> contents = new TreeMap<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().forEach(o ->
                contents.put(o.key(), s3.getObjectAsBytes(r -> r.bucket(bucket).key(o.key())).asUtf8String()));
        return contents;
    }

    @Override
    public void close() {
        s3.close();
        process.destroy();
    }
}
