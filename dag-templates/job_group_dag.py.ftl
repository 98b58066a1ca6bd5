<#import "python.ftl" as py>
<@py.header source=view.header.source/>
<#assign deps = view.wiring.dependencies!>
<#assign timeOrData = view.wiring.dependencies?? && view.wiring.dependencies.cron??>
<#assign alerting = view.wiring.alerting!>
<#assign mode = view.emr.mode.key>
<#-- The arguments of ti.xcom_pull that give the step ids: added by add_steps, or submitted with the cluster. -->
<#assign stepIdsFrom = (mode == "with_steps")?then("task_ids='create_cluster', key='step_ids'", "task_ids='add_steps'")>
from __future__ import annotations

import datetime

import airflow
import pendulum

try:  # Airflow 3
    if airflow.__version__.startswith("2."):
        raise ImportError("Airflow 2")  # cheaper than failing the import below, in every file at every parse
    from airflow.providers.standard.operators.empty import EmptyOperator
    from airflow.sdk import DAG<#if view.wiring.dependencies??>, Asset</#if>

    try:
<#if timeOrData>
        from airflow.sdk import AssetOrTimeSchedule, literal
        from airflow.sdk import CronTriggerTimetable as CronTimetable
<#else>
        from airflow.sdk import literal
</#if>
        from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException
    except ImportError:  # Airflow 3.0: the SDK exports neither yet
        from airflow.exceptions import AirflowFailException, AirflowSkipException
        from airflow.sdk.definitions.template import literal
<#if timeOrData>
        from airflow.timetables.assets import AssetOrTimeSchedule
        from airflow.timetables.trigger import CronTriggerTimetable as CronTimetable
</#if>
except ImportError:  # Airflow 2
    from airflow import DAG
<#if view.wiring.dependencies??>
    from airflow.datasets import Dataset as Asset
</#if>
    from airflow.exceptions import AirflowFailException, AirflowSkipException
    from airflow.operators.empty import EmptyOperator
<#if timeOrData>
    from airflow.timetables.datasets import DatasetOrTimeSchedule as AssetOrTimeSchedule
    from airflow.timetables.interval import CronDataIntervalTimetable as CronTimetable
</#if>
    from airflow.utils.template import literal
<@providerImports 0/>
from airflow.providers.amazon.aws.hooks.emr import EmrHook
<@providerImports 1/>
<#if alerting?has_content && alerting.snsTopic??>
from airflow.providers.amazon.aws.notifications.sns import SnsNotifier
</#if>
<@providerImports 2/>
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
<@providerImports 3/>
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
<@providerImports 4/>
<#if alerting?has_content && alerting.emails??>
from airflow.utils.email import send_email
</#if>
<@providerImports 5/>

<#if view.wiring.around??>
<#list view.wiring.around.imports.beforeShared as line>
<@py.importLine line/>
</#list>
</#if>
<@py.sharedImport modules=["template_generator", "templates"] packageName=view.header.packageName!/>
<#if view.wiring.around??>
<#list view.wiring.around.imports.afterShared as line>
<@py.importLine line/>
</#list>
</#if>

# The provider's EMR operators, made safe to retry: see template_generator.cluster_operators.
CreateCluster, AddSteps, WatchStep, TerminateCluster = template_generator.cluster_operators(
    EmrCreateJobFlowOperator,
    EmrAddStepsOperator,
    EmrStepSensor,
    EmrTerminateJobFlowOperator,
    EmrHook,
    AirflowFailException,
    AirflowSkipException,
)

# Clusters are tagged with this project, the DAG id and the run id: clean-up finds them by these tags.
PROJECT = ${view.header.project}

DESCRIPTION = ${view.header.documentation.description}

<#if view.emr.knobs??>
# Runtime knobs: this Airflow Variable (a JSON object) overrides these defaults when a task runs.
VARIABLE = ${view.emr.knobs.variable}
KNOBS = ${view.emr.knobs.defaults}

</#if>
<#if view.dag.params??>
# DAG params: what {{ params.x }} reads in the cluster and step fields; a run may be triggered with other values.
PARAMS = ${view.dag.params}

</#if>
DOC_MD = <@py.lines view.header.documentation.docMd/>
<#if view.emr.cluster??>

JOB_FLOW_OVERRIDES = template_generator.fill(
    templates.JOB_FLOW_OVERRIDES[${view.emr.cluster.profile}],
    ${view.emr.cluster.values},
<#if view.emr.cluster.overrides??>
    overrides=${view.emr.cluster.overrides},
</#if>
    literal=literal,
)
</#if>

STEPS = [
<#list view.tasks.steps as values>
    template_generator.fill(
        templates.SPARK_STEP,
        ${values},
        literal=literal,
    ),
</#list>
]
<#if mode == "with_steps">

# The steps go with the cluster: EMR runs them once it is up and ends the cluster after the last one.
JOB_FLOW_OVERRIDES["Steps"] = STEPS
</#if>
<#if view.tasks.reruns??>

# How often each step is added again on the same cluster after a failed attempt.
RERUNS = ${view.tasks.reruns}
</#if>
<#if view.tasks.executionRoles??>

# The EMR runtime role of each step (ExecutionRoleArn, None for the cluster's instance profile): AddJobFlowSteps
# takes one role per request, so the steps are added in runs of one role, in their order.
EXECUTION_ROLES = ${view.tasks.executionRoles}
</#if>

<#if mode == "existing">
# The long-running cluster the steps are added to: this DAG neither creates nor terminates it, and no clean-up touches it.
</#if>
<#if mode == "existing">
CLUSTER_ID = ${view.emr.mode.clusterId}
<#else>
CLUSTER_ID = "{{ ti.xcom_pull(task_ids='create_cluster') }}"
</#if>
<#if view.wiring.dependencies??>
<#if deps.asset??>

# This job group's success, as an Asset (a Dataset on Airflow 2): the job groups that depend on it wait for it.
SUCCEEDED = Asset(${deps.asset})
</#if>
<#if deps.upstreams?has_content>

# Runs when every job group it depends on has succeeded since its last run<#if timeOrData>, and on its schedule</#if>.
UPSTREAM = template_generator.Upstream([
<#list deps.upstreams as uri>
    Asset(${uri}),
</#list>
])
</#if>
</#if>
<#if alerting?has_content>

# Who hears about this job group's runs (alerts in its metadata); sent when a run ends, never while parsing.
ALERTS = template_generator.Alerts(
    EmrHook,
    PROJECT,
    ${alerting.jobGroup},
    ${view.dag.dagId},
    ${view.dag.connections.awsConnId},
    [
<#if alerting.snsTopic??>
        template_generator.sns_channel(SnsNotifier, ${alerting.snsTopic}, ${view.dag.connections.awsConnId}),
</#if>
<#if alerting.emails??>
        template_generator.email_channel(send_email, ${alerting.emails}),
</#if>
<#if alerting.callable??>
        template_generator.callable_channel(${alerting.callable}),
</#if>
    ],
)
</#if>

with DAG(
    dag_id=${view.dag.dagId},
    description=DESCRIPTION,
<#if timeOrData>
    schedule=template_generator.time_or_data(
        AssetOrTimeSchedule, CronTimetable(${deps.cron}, timezone=${view.dag.timing.startDate.timezone}), UPSTREAM
    ),
<#elseif view.wiring.dependencies?? && deps.upstreams?has_content>
    schedule=UPSTREAM,
<#else>
    schedule=${view.dag.timing.schedule},
</#if>
    start_date=pendulum.datetime(${view.dag.timing.startDate.year}, ${view.dag.timing.startDate.month}, ${view.dag.timing.startDate.day}, tz=${view.dag.timing.startDate.timezone}),
    catchup=${view.dag.timing.catchup?then("True", "False")},
    max_active_runs=${view.dag.concurrency.maxActiveRuns},
<#if view.dag.concurrency.maxActiveTasks??>
    max_active_tasks=${view.dag.concurrency.maxActiveTasks?c},
</#if>
    dagrun_timeout=${view.dag.timing.dagrunTimeout},
    tags=${view.dag.tags},
    # weight_rule "absolute": a task's priority is its own priority_weight, so that terminate_cluster's outranks every
    # other task of these DAGs when worker slots are scarce (by Airflow's default rule a task upstream of it adds its
    # weight to its own, and outranks it).
<#if view.dag.defaultArgs.more?has_content>
    default_args={
        "owner": ${view.dag.defaultArgs.owner},
        "retries": ${view.dag.defaultArgs.retries},
        "retry_delay": ${view.dag.defaultArgs.retryDelay},
        "weight_rule": "absolute",
<#list view.dag.defaultArgs.more as argument>
        ${argument.key}: ${argument.value},
</#list>
    },
<#else>
    default_args={"owner": ${view.dag.defaultArgs.owner}, "retries": ${view.dag.defaultArgs.retries}, "retry_delay": ${view.dag.defaultArgs.retryDelay}, "weight_rule": "absolute"},
</#if>
<#if view.dag.params??>
    params=PARAMS,
</#if>
    doc_md=DOC_MD,
<#if mode == "existing">
<#if alerting?has_content && alerting.failure>
    # ALERTS tells who should know, naming the failed step.
    on_failure_callback=ALERTS.failed,
</#if>
<#else>
    # Ends the run's clusters when the run fails in a way that skips terminate_cluster (a dagrun_timeout).
<#if alerting?has_content && alerting.failure>
    # Then ALERTS tells who should know, naming the failed step and where its logs are.
    on_failure_callback=[
        template_generator.run_reaper(EmrHook, PROJECT, ${view.dag.dagId}, ${view.dag.connections.awsConnId}),
        ALERTS.failed,
    ],
<#else>
    on_failure_callback=template_generator.run_reaper(EmrHook, PROJECT, ${view.dag.dagId}, ${view.dag.connections.awsConnId}),
</#if>
</#if>
<#if alerting?has_content && alerting.success>
    on_success_callback=ALERTS.succeeded,
</#if>
    render_template_as_native_obj=True,
    user_defined_macros={
<#if view.emr.knobs??>
        "knob": template_generator.knob_reader(VARIABLE, KNOBS),
</#if>
        "text": template_generator.text,
    },
) as dag:
<#if view.wiring.around??>
<#list view.wiring.around.before as task>
<@aroundTask task/>
</#list>
</#if>
<#if mode != "existing">
    create_cluster = CreateCluster(
        task_id="create_cluster",
        job_flow_overrides=JOB_FLOW_OVERRIDES,
        aws_conn_id=${view.dag.connections.awsConnId},
        emr_conn_id=${view.dag.connections.emrConnId},
        project=PROJECT,
    )
</#if>
<#if mode != "with_steps">
    add_steps = AddSteps(
        task_id="add_steps",
        job_flow_id=CLUSTER_ID,
        steps=STEPS,
<#if view.tasks.executionRoles??>
        execution_roles=EXECUTION_ROLES,
</#if>
        aws_conn_id=${view.dag.connections.awsConnId},
<#if mode == "existing">
        shared_cluster=True,
</#if>
    )
</#if>
<#list view.tasks.watchers as watcher>
    ${watcher.variable} = WatchStep(
        task_id=${watcher.taskId},
        job_flow_id=CLUSTER_ID,
        step_id="{{ ti.xcom_pull(${stepIdsFrom})[${watcher.index}] }}",
<#if view.tasks.reruns??>
        step_index=${watcher.index},
        steps=STEPS,
        reruns=RERUNS,
<#if view.tasks.executionRoles??>
        execution_roles=EXECUTION_ROLES,
</#if>
</#if>
<#if watcher.expectedSeconds gt 0>
        expected_seconds=${watcher.expectedSeconds},
        alerts=ALERTS,
</#if>
<#if mode == "existing">
        shared_cluster=True,
</#if>
        aws_conn_id=${view.dag.connections.awsConnId},
        poke_interval=${watcher.pokeIntervalSeconds},
        timeout=${watcher.timeoutSeconds},
        mode=${watcher.mode},
    )
</#list>
<#if mode != "existing">
    # Runs whatever happened upstream, so that no cluster is left running; skipped when none was created.
    # Its priority (absolute, see default_args) puts it ahead of the other tasks, pokes and resumed watchers of every
    # emrdag DAG when worker slots are scarce: a cluster bills.
    terminate_cluster = TerminateCluster(
        task_id="terminate_cluster",
        job_flow_id=CLUSTER_ID,
        aws_conn_id=${view.dag.connections.awsConnId},
        trigger_rule="all_done",
        priority_weight=100,
        project=PROJECT,
    )
    # Terminate alone would mark a run with a failed step as a success: this leaf fails it.
<#else>
    # Succeeds once every step has: the run's result, whatever runs after the steps waits for it.
</#if>
<#if view.wiring.dependencies?? && deps.asset?? && !(view.wiring.around?? && view.wiring.around.outlet)>
    all_steps_succeeded = EmptyOperator(task_id="all_steps_succeeded", outlets=[SUCCEEDED])
<#else>
    all_steps_succeeded = EmptyOperator(task_id="all_steps_succeeded")
</#if>
<#if view.wiring.around??>
<#list view.wiring.around.after as task>
<@aroundTask task/>
</#list>
<#if view.wiring.around.outlet>
    # The job group's success includes its tasks after the steps: the job groups that wait for it start after them.
    job_group_succeeded = EmptyOperator(task_id="job_group_succeeded", outlets=[SUCCEEDED])
</#if>
</#if>

<#assign watching = view.tasks.watchers?map(w -> w.variable)>
<#assign watched><#if watching?size == 1>${watching[0]}<#else>[${watching?join(", ")}]</#if></#assign>
<#if mode == "existing">
    add_steps >> ${watched} >> all_steps_succeeded
<#else>
    create_cluster >> <#if mode == "transient">add_steps >> </#if>${watched} >> terminate_cluster
    [${watching?join(", ")}, terminate_cluster] >> all_steps_succeeded
</#if>
<#if view.wiring.around??>
<#list view.wiring.around.dependencies as dependency>
    <@py.tasks dependency.upstream/> >> <@py.tasks dependency.downstream/>
</#list>
</#if>
<#macro aroundTask task>
    ${task.variable} = template_generator.task(
        ${task.operator},
        literal,
<#list task.keywords as keyword>
        ${keyword.name}=${keyword.value},
</#list>
    )
</#macro>
<#-- The imports of the tasks around the cluster that sort before the n-th of the provider imports above. -->
<#macro providerImports n>
<#if view.wiring.around??>
<#list view.wiring.around.imports.providerSlots[n] as line>
<@py.importLine line/>
</#list>
</#if>
</#macro>
