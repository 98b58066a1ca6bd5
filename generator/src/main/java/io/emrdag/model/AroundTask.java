package io.emrdag.model;

import io.emrdag.diagnostic.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task a job group runs before its cluster is requested or after its steps succeeded: any Airflow operator or
 * sensor by import path, with its keyword arguments.
 *
 * @param operator the operator's import path, {@code module.Class}
 * @param pythonCallable {@code module.function} passed as {@code python_callable}, or {@code null}
 * @param arguments the keyword arguments as plain data (String, BigInteger, BigDecimal, Boolean, null, List, Map), in
 *     the file's order; strings may hold Jinja
 * @param upstream task ids of the same list this task runs after; empty: it starts the list
 * @param triggerRule Airflow's trigger rule, or {@code null} for the operator's default
 * @param location where the task is written, for verify's messages
 */
public record AroundTask(String taskId, String operator, String pythonCallable, Map<String, Object> arguments,
        List<String> upstream, String triggerRule, Location location) {

    public AroundTask {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        upstream = List.copyOf(upstream);
    }

    /** The operator's class name, the last part of its import path. */
    public String className() {
        return operator.substring(operator.lastIndexOf('.') + 1);
    }

    /** The operator's module, its import path without the class. */
    public String module() {
        return operator.substring(0, operator.lastIndexOf('.'));
    }
}
