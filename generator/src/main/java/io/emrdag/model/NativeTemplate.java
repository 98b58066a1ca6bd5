package io.emrdag.model;

/**
 * A Jinja template in a request field that EMR types as a number or a boolean (in the raw {@code job_flow_overrides},
 * e.g. {@code StepConcurrencyLevel: "{{ params.nodes | int }}"}). It is rendered as written; the DAG's native
 * rendering then reads the result as a Python literal, so "3" reaches EMR as 3 and "True" as True.
 */
public record NativeTemplate(String source) {
}
