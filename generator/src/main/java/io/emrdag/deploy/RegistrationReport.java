package io.emrdag.deploy;

import java.time.Duration;
import java.util.List;

/** The post-deploy check's outcome: every deployed DAG registered by Airflow, none of emrdag's files failing to import. */
public record RegistrationReport(List<String> dagIds, int polls, Duration took) {

    public RegistrationReport {
        dagIds = List.copyOf(dagIds);
    }

    String summary() {
        return "Airflow registered all " + dagIds.size() + " DAGs, no import errors in emrdag's files ("
                + polls + (polls == 1 ? " poll, " : " polls, ") + took.toSeconds() + " s)";
    }
}
