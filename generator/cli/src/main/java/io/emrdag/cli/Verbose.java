package io.emrdag.cli;

/**
 * A command with a {@code --verbose} flag: on failure {@link Failures} then prints the causes of emrdag's message too
 * (e.g. the AWS SDK's text, which walks its whole credential provider chain), kept out of the normal output because
 * they are long and speak of the SDK's internals rather than of what to do.
 */
interface Verbose {

    boolean verbose();
}
