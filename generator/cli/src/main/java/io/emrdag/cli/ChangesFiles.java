package io.emrdag.cli;

/**
 * A command that changes files somewhere (the output folder, a DAG folder). When the metadata has errors it changes
 * nothing, and its error summary says so; a command that never writes (validate, check) must not claim it.
 */
interface ChangesFiles {

    /** What stayed as it was, e.g. "nothing was written". */
    String unchanged();
}
