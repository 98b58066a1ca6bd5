package io.emrdag.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The slice of Airflow's stable REST API the post-deploy check reads ({@code /importErrors},
 * {@code /dags/{dag_id}}, {@code /dags/{dag_id}/details}), with paths as MWAA's {@code InvokeRestApi} takes them:
 * without the version prefix, which MWAA adds by the environment's Airflow ({@code /api/v1} on Airflow 2,
 * {@code /api/v2} on Airflow 3). These paths and the fields read from them exist in both versions; where they
 * differ (v2's bundle-relative {@code filename}, {@code is_stale} instead of {@code is_active}) the reader
 * handles both, so one client serves every target.
 */
interface AirflowApi {

    /** A GET; 4xx and 5xx answers are returned, not thrown: "404: not registered yet" is an expected state, and a 5xx is asked again at the next poll. */
    Response get(String path, Map<String, String> query);

    /** The REST API's status code and JSON body. */
    record Response(int status, JsonNode body) {
    }
}
