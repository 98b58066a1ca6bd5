package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeployTargetTest {

    @Test
    void readsTheThreeKindsOfTarget() {
        assertEquals(new DeployTarget.S3("my-bucket", "dags/"), DeployTarget.parse("s3://my-bucket/dags/"));
        assertEquals(new DeployTarget.S3("my-bucket", "dags/team/"), DeployTarget.parse("s3://my-bucket/dags/team"));
        assertEquals(new DeployTarget.S3("my-bucket", ""), DeployTarget.parse("s3://my-bucket"));
        assertEquals(new DeployTarget.Mwaa("prod-airflow_2"), DeployTarget.parse("mwaa:prod-airflow_2"));
        assertEquals(new DeployTarget.Local(Path.of("build/dags")), DeployTarget.parse("build/dags"));
    }

    @Test
    void refusesMalformedTargetsWithAHint() {
        for (String bad : new String[] {"s3://My_Bucket/dags/", "s3:///dags/", "s3://b/dags//x/", "mwaa:", "mwaa:1env", "gs://bucket/dags/", " "}) {
            DeployTargetException e = assertThrows(DeployTargetException.class, () -> DeployTarget.parse(bad), bad);
            assertTrue(e.getMessage().contains("hint: "), e.getMessage());
        }
    }

    @Test
    void endpointsComeFromTheStandardVariablesAndTheOptionWins() {
        var env = java.util.Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ENDPOINT_URL_MWAA", "http://127.0.0.1:2");
        AwsSettings fromEnv = AwsSettings.from(env, null, 3, java.time.Duration.ofSeconds(5));
        assertEquals("http://127.0.0.1:1", fromEnv.s3Endpoint().toString());
        assertEquals("http://127.0.0.1:2", fromEnv.mwaaEndpoint().toString());
        AwsSettings option = AwsSettings.from(env, java.net.URI.create("http://127.0.0.1:9"), 3, java.time.Duration.ofSeconds(5));
        assertEquals("http://127.0.0.1:9", option.s3Endpoint().toString());
        assertEquals("http://127.0.0.1:9", option.mwaaEndpoint().toString());
        AwsSettings aws = AwsSettings.from(java.util.Map.of(), null, 3, java.time.Duration.ofSeconds(5));
        assertEquals(null, aws.s3Endpoint());
    }
}
