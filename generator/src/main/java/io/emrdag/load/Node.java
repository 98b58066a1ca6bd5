package io.emrdag.load;

import io.emrdag.diagnostic.Location;

/**
 * A parsed metadata value that remembers where it was written. YAML and JSON both load into this tree,
 * and the tree (not a databind POJO) is what defaults and profiles are merged on, so that a value
 * inherited from {@code emrdag.yaml} still reports the line in {@code emrdag.yaml}.
 */
public sealed interface Node permits MapNode, ListNode, ScalarNode {

    Location location();

    /** How the value reads in an error message: "a mapping", "the string \"four\"", … */
    String describe();
}
