package io.emrdag.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emrdag.diagnostic.EnvironmentException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.InvokeRestApiRequest;
import software.amazon.awssdk.services.mwaa.model.InvokeRestApiResponse;
import software.amazon.awssdk.services.mwaa.model.ResourceNotFoundException;
import software.amazon.awssdk.services.mwaa.model.RestApiClientException;
import software.amazon.awssdk.services.mwaa.model.RestApiMethod;
import software.amazon.awssdk.services.mwaa.model.RestApiServerException;

/**
 * An Amazon MWAA environment by name: where its DAG folder is ({@code GetEnvironment}: {@code SourceBucketArn},
 * {@code DagS3Path}), which Airflow it runs, and its Airflow REST API through {@code InvokeRestApi}, which
 * needs no web login token and no network path to the web server.
 */
final class MwaaEnvironment implements AirflowApi, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MwaaClient mwaa;
    private final String name;

    /** The DAG folder and Airflow version of an environment. */
    record Description(String bucket, String prefix, String airflowVersion, String status) {
    }

    MwaaEnvironment(AwsSettings settings, String name) {
        this.mwaa = AwsClients.mwaa(settings);
        this.name = name;
    }

    Description describe() {
        Environment environment;
        try {
            environment = mwaa.getEnvironment(r -> r.name(name)).environment();
        } catch (ResourceNotFoundException e) {
            String region = mwaa.serviceClientConfiguration().region().id();
            throw new DeployTargetException("no MWAA environment named '" + name + "' in region " + region + " of this account"
                    + System.lineSeparator() + "  hint: check the name (aws mwaa list-environments --region " + region
                    + ") and the region (AWS_REGION, or the profile's)");
        } catch (SdkException e) {
            throw AwsFailures.translate(e, "read the MWAA environment '" + name + "'", "airflow:GetEnvironment on the environment");
        }
        String arn = environment.sourceBucketArn();
        if (arn == null || !arn.startsWith("arn:") || arn.lastIndexOf(':') < 0) {
            throw new EnvironmentException("the MWAA environment '" + name + "' reports no source bucket (SourceBucketArn=" + arn + ")");
        }
        String bucket = arn.substring(arn.lastIndexOf(':') + 1);
        String dags = environment.dagS3Path() == null ? "dags" : environment.dagS3Path();
        String prefix = dags.isEmpty() || dags.endsWith("/") ? dags : dags + "/";
        return new Description(bucket, prefix, environment.airflowVersion(), environment.statusAsString());
    }

    @Override
    public Response get(String path, Map<String, String> query) {
        var request = InvokeRestApiRequest.builder()
                .name(name).path(path).method(RestApiMethod.GET);
        if (!query.isEmpty()) {
            Map<String, Document> parameters = new LinkedHashMap<>();
            query.forEach((k, v) -> parameters.put(k, Document.fromString(v)));
            request.queryParameters(Document.fromMap(parameters));
        }
        try {
            InvokeRestApiResponse response = mwaa.invokeRestApi(request.build());
            return new Response(response.restApiStatusCode(), toJson(response.restApiResponse()));
        } catch (RestApiClientException e) {
            return new Response(e.restApiStatusCode() == null ? e.statusCode() : e.restApiStatusCode(), toJson(e.restApiResponse()));
        } catch (RestApiServerException e) {
            // Airflow's own 5xx (a webserver restarting, a busy metadata DB): the caller decides whether to ask again.
            return new Response(e.restApiStatusCode() == null ? 500 : e.restApiStatusCode(), toJson(e.restApiResponse()));
        } catch (SdkException e) {
            throw AwsFailures.translate(e, "call the Airflow REST API of '" + name + "' (" + path + ")", "airflow:InvokeRestApi on the environment");
        }
    }

    static JsonNode toJson(Document document) {
        return JSON.valueToTree(unwrap(document));
    }

    private static Object unwrap(Document document) {
        if (document == null || document.isNull()) {
            return null;
        }
        if (document.isMap()) {
            Map<String, Object> map = new LinkedHashMap<>();
            document.asMap().forEach((k, v) -> map.put(k, unwrap(v)));
            return map;
        }
        if (document.isList()) {
            List<Document> list = document.asList();
            return list.stream().map(MwaaEnvironment::unwrap).toList();
        }
        if (document.isNumber()) {
            return new BigDecimal(document.asNumber().stringValue());
        }
        if (document.isBoolean()) {
            return document.asBoolean();
        }
        return document.asString();
    }

    @Override
    public void close() {
        mwaa.close();
    }
}
