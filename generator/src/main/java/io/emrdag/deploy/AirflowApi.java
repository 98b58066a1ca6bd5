package io.emrdag.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The slice of Airflow's stable REST API the post-deploy check reads ({@code /importErrors},
 * {@code /dags/{dag_id}}), with paths as MWAA's {@code InvokeRestApi} takes them (no {@code /api/v1} prefix).
 */
interface AirflowApi {

    /** A GET; 4xx and 5xx answers are returned, not thrown: "404: not registered yet" is an expected state, and a 5xx is asked again at the next poll. */
    Response get(String path, Map<String, String> query);

    /** The REST API's status code and JSON body. */
    record Response(int status, JsonNode body) {
    }
}
