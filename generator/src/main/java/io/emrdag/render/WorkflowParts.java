package io.emrdag.render;

import io.emrdag.model.Alerts;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import io.emrdag.model.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a DAG file that tie its job group to other DAGs and to people: the Assets (Datasets on Airflow 2) its
 * success emits and it waits for, and its alerts; with the lines of {@code doc_md} that say so.
 */
final class WorkflowParts {

    private WorkflowParts() {
    }

    /**
     * The URI of the Asset a job group's success emits. The {@code x-} scheme is left as written by Airflow 2 and 3 alike
     * (their convention for schemes no provider registers); the project name is an environment's own, so the DAGs of
     * two environments never trigger each other.
     */
    static String assetUri(String project, String jobGroup) {
        return "x-emrdag://" + project + "/" + jobGroup;
    }

    /** The job group's place among the others, or {@code null} when it neither waits for one nor is waited for. */
    static DagView.Dependencies dependencies(Project project, JobGroup group) {
        String name = project.settings().naming().project();
        boolean waitedFor = !project.downstreamOf(group.id()).isEmpty();
        if (!waitedFor && group.workflow().dependsOn().isEmpty()) {
            return null;
        }
        return new DagView.Dependencies(waitedFor ? PythonLiteral.string(assetUri(name, group.id())) : null,
                group.workflow().dependsOn().stream().map(u -> PythonLiteral.string(assetUri(name, u))).toList(),
                group.workflow().dependsOn().isEmpty() || group.timing().schedule() == null ? null : PythonLiteral.string(group.timing().schedule()));
    }

    /** The job group's alerts, or {@code null} for none. */
    static DagView.Alerting alerting(JobGroup group) {
        Alerts alerts = group.workflow().alerts();
        if (alerts == null) {
            return null;
        }
        return new DagView.Alerting(PythonLiteral.string(group.id()),
                alerts.snsTopic() == null ? null : PythonLiteral.string(alerts.snsTopic()),
                alerts.emails().isEmpty() ? null : PythonLiteral.plain().format(new ArrayList<Object>(alerts.emails()), 0),
                alerts.callable() == null ? null : PythonLiteral.string(alerts.callable()),
                alerts.on(Alerts.FAILURE), alerts.on(Alerts.SUCCESS), alerts.on(Alerts.OVERDUE));
    }

    /** The seconds after which an overdue alert tells about {@code step}, or 0 when none watches it. */
    static long overdueSeconds(JobGroup group, Step step) {
        return group.workflow().alerts() != null && group.workflow().alerts().on(Alerts.OVERDUE) && step.runs().expectedDuration() != null
                ? step.runs().expectedDuration().toSeconds() : 0;
    }

    /** What {@code doc_md} says about them, in Markdown lines; empty when there is nothing to say. */
    static List<String> docLines(Project project, JobGroup group) {
        List<String> lines = new ArrayList<>();
        String name = project.settings().naming().project();
        List<String> downstream = project.downstreamOf(group.id());
        if (!group.workflow().dependsOn().isEmpty() || !downstream.isEmpty()) {
            lines.add("#### Depends on / triggers");
            lines.add("");
            if (!group.workflow().dependsOn().isEmpty()) {
                lines.add("Runs when " + names(group.workflow().dependsOn()) + (group.workflow().dependsOn().size() == 1 ? " has" : " have all")
                        + " succeeded since its last run" + (group.timing().schedule() == null ? "" : ", and on its schedule `" + group.timing().schedule() + "`")
                        + " (Airflow Assets " + uris(name, group.workflow().dependsOn()) + "; Datasets on Airflow 2). A failed upstream run starts nothing.");
                lines.add("");
            }
            if (!downstream.isEmpty()) {
                String emitter = group.workflow().after().isEmpty() ? "all_steps_succeeded" : "job_group_succeeded";
                lines.add("Its success (Asset `" + assetUri(name, group.id()) + "`, emitted by `" + emitter + "`) starts "
                        + names(downstream) + (downstream.size() == 1 ? "" : ", each once all its upstream groups have succeeded") + ".");
                lines.add("");
            }
        }
        if (!group.workflow().before().isEmpty() || !group.workflow().after().isEmpty()) {
            lines.add("#### Around the cluster");
            lines.add("");
            if (!group.workflow().before().isEmpty()) {
                lines.add("Before the cluster is requested (all must succeed): " + tasks(group.workflow().before()) + ".");
                lines.add("");
            }
            if (!group.workflow().after().isEmpty()) {
                lines.add("After every step succeeded and the cluster was terminated: " + tasks(group.workflow().after()) + ".");
                lines.add("");
            }
        }
        Alerts alerts = group.workflow().alerts();
        if (alerts != null) {
            List<String> channels = new ArrayList<>();
            if (alerts.snsTopic() != null) {
                channels.add("SNS topic `" + alerts.snsTopic() + "`");
            }
            alerts.emails().forEach(e -> channels.add("e-mail `" + e + "`"));
            if (alerts.callable() != null) {
                channels.add("`" + alerts.callable() + "`");
            }
            lines.add("#### Alerts");
            lines.add("");
            lines.add("On " + String.join(", ", alerts.events().stream().map(e -> e.equals(Alerts.OVERDUE)
                    ? "a step running past its expected duration" : e.equals(Alerts.FAILURE) ? "a failed run" : "a successful run").toList())
                    + ": " + String.join("; ", channels) + ".");
            lines.add("");
        }
        return lines;
    }

    private static String tasks(List<io.emrdag.model.AroundTask> tasks) {
        return String.join(", ", tasks.stream().map(t -> "`" + t.taskId() + "` (`" + t.className() + "`)").toList());
    }

    private static String names(List<String> ids) {
        List<String> quoted = ids.stream().map(id -> "`" + id + "`").toList();
        return quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }

    private static String uris(String project, List<String> ids) {
        return String.join(", ", ids.stream().map(id -> "`" + assetUri(project, id) + "`").toList());
    }
}
