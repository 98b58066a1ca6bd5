package io.emrdag.model;

import java.util.List;

/** A script EMR runs on every node before applications start. */
public record BootstrapAction(String name, String script, List<String> args) {

    public BootstrapAction {
        args = List.copyOf(args);
    }
}
