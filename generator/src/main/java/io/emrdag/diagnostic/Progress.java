package io.emrdag.diagnostic;

/**
 * Receives progress lines of long work (creating an environment, importing DAGs). Each front end decides
 * how to show them: the CLI prints to stderr, the Maven plugin logs at info level.
 */
@FunctionalInterface
public interface Progress {

    void report(String message);

    static Progress silent() {
        return message -> { };
    }
}
