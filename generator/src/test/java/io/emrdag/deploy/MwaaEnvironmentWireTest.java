package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's MWAA client against MWAA's wire format (rest-json, as botocore's service model and the python-tests'
 * stand-in have it): GetEnvironment, InvokeRestApi answers, and Airflow's 4xx as RestApiClientException (HTTP 400,
 * {@code x-amzn-ErrorType}) whose {@code RestApiStatusCode} is Airflow's status.
 */
class MwaaEnvironmentWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", "us-east-1");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path + " " + body);
        if (path.equals("/environments/prod")) {
            send(exchange, 200, null, "{\"Environment\":{\"Name\":\"prod\",\"Status\":\"AVAILABLE\",\"AirflowVersion\":\"2.10.3\","
                    + "\"SourceBucketArn\":\"arn:aws:s3:::team-bucket\",\"DagS3Path\":\"dags\"}}");
        } else if (path.equals("/environments/locked")) {
            send(exchange, 403, "AccessDeniedException", "{\"Message\":\"User: arn:aws:iam::123456789012:user/ci is not authorized to"
                    + " perform: airflow:GetEnvironment\"}");
        } else if (path.startsWith("/environments/")) {
            send(exchange, 404, "ResourceNotFoundException", "{\"message\":\"Environment not found\"}");
        } else if (JSON.readTree(body).path("Path").asText().equals("/importErrors")) {
            send(exchange, 200, null, "{\"RestApiStatusCode\":200,\"RestApiResponse\":{\"import_errors\":[],\"total_entries\":0}}");
        } else if (JSON.readTree(body).path("Path").asText().equals("/dags/busy")) {
            send(exchange, 400, "RestApiServerException", "{\"message\":\"Airflow answered 503\",\"RestApiStatusCode\":503,"
                    + "\"RestApiResponse\":{\"status\":503,\"title\":\"Service Unavailable\"}}");
        } else {
            send(exchange, 400, "RestApiClientException", "{\"message\":\"Airflow answered 404\",\"RestApiStatusCode\":404,"
                    + "\"RestApiResponse\":{\"status\":404,\"title\":\"DAG not found\"}}");
        }
    }

    private static void send(HttpExchange exchange, int status, String errorType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private MwaaEnvironment environment(String name) {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new MwaaEnvironment(new AwsSettings(null, endpoint, 1, Duration.ofSeconds(10)), name);
    }

    @Test
    void getEnvironmentGivesTheDagFolderAndVersion() {
        try (MwaaEnvironment environment = environment("prod")) {
            assertEquals(new MwaaEnvironment.Description("team-bucket", "dags/", "2.10.3", "AVAILABLE"), environment.describe());
        }
    }

    @Test
    void anUnknownEnvironmentIsATargetErrorThatNamesTheRegionLookedIn() {
        try (MwaaEnvironment environment = environment("nope")) {
            DeployTargetException e = assertThrows(DeployTargetException.class, environment::describe);
            assertEquals("no MWAA environment named 'nope' in region us-east-1 of this account" + System.lineSeparator()
                    + "  hint: check the name (aws mwaa list-environments --region us-east-1) and the region (AWS_REGION, or the profile's)",
                    e.getMessage());
        }
    }

    @Test
    void accessDeniedNamesThePermissionTheCallNeeds() {
        try (MwaaEnvironment environment = environment("locked")) {
            io.emrdag.diagnostic.EnvironmentException e = assertThrows(io.emrdag.diagnostic.EnvironmentException.class, environment::describe);
            assertEquals("AWS denied access (AccessDeniedException): cannot read the MWAA environment 'locked'" + System.lineSeparator()
                    + "  hint: the credentials of the default chain need airflow:GetEnvironment on the environment;"
                    + " 'aws sts get-caller-identity' shows whose they are", e.getMessage());
        }
    }

    @Test
    void invokeRestApiSendsPathMethodAndStringQueryParameters() throws IOException {
        try (MwaaEnvironment environment = environment("prod")) {
            AirflowApi.Response response = environment.get("/importErrors", Map.of("limit", "100"));
            assertEquals(200, response.status());
            assertEquals(0, response.body().path("total_entries").asInt(-1));
        }
        String request = requests.get(requests.size() - 1);
        assertEquals("POST /restapi/prod ", request.substring(0, request.indexOf('{')));
        JsonNode sent = JSON.readTree(request.substring(request.indexOf('{')));
        assertEquals("/importErrors", sent.path("Path").asText());
        assertEquals("GET", sent.path("Method").asText());
        assertEquals("100", sent.path("QueryParameters").path("limit").asText());
    }

    @Test
    void airflowsNotFoundArrivesAsItsStatusAndBody() {
        try (MwaaEnvironment environment = environment("prod")) {
            AirflowApi.Response response = environment.get("/dags/missing", Map.of());
            assertEquals(404, response.status());
            assertEquals("DAG not found", response.body().path("title").asText());
        }
    }

    @Test
    void airflowsServerErrorArrivesAsItsStatusForTheWaiterToAskAgain() {
        try (MwaaEnvironment environment = environment("prod")) {
            AirflowApi.Response response = environment.get("/dags/busy", Map.of());
            assertEquals(503, response.status());
            assertEquals("Service Unavailable", response.body().path("title").asText());
        }
    }
}
