package io.emrdag.load;

import io.emrdag.diagnostic.Location;
import java.util.List;

/** A sequence of values. */
public record ListNode(Location location, List<Node> items) implements Node {

    public ListNode {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
