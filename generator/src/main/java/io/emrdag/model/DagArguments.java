package io.emrdag.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a hand-written DAG that emrdag passes through with Airflow's meaning: the DAG's {@code params}
 * and {@code max_active_tasks}, and the {@code default_args} every task of the DAG gets. {@code null}: not set, and
 * not written (Airflow's default applies).
 *
 * @param params name → JSON-able default, in the file's order; rendered into {@code DAG(params=...)}
 * @param email addresses Airflow mails on a task's failure or retry (its own task mails, apart from emrdag's alerts)
 */
public record DagArguments(Map<String, Object> params, Boolean dependsOnPast, Boolean waitForDownstream,
        Duration executionTimeout, List<String> email, Boolean emailOnFailure, Boolean emailOnRetry, Integer maxActiveTasks) {

    public DagArguments {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        email = email == null ? null : List.copyOf(email);
    }
}
