package io.emrdag.pipeline;

import java.util.List;

/**
 * The result of a command for one of the environments it covered. When it covered several, each block of output
 * needs a header saying which environment it is, on the same stream as the block: piped into a CI log, results and
 * headers must not come apart.
 *
 * @param environment the environment, or {@code null} for the project as written
 * @param several     whether the command covered more than one environment
 */
public record PerEnvironment<T>(String environment, boolean several, T result) {

    /** The header line to print before the result's own lines: none when only one environment was covered. */
    public List<String> header() {
        return several && environment != null ? List.of("emrdag: environment " + environment) : List.of();
    }
}
