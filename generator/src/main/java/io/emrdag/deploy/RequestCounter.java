package io.emrdag.deploy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts a store's requests by kind, for the deploy summary ("an unchanged redeploy makes 2 requests"). */
final class RequestCounter {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    void count(String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    Map<String, Integer> snapshot() {
        Map<String, Integer> snapshot = new TreeMap<>();
        counts.forEach((kind, n) -> snapshot.put(kind, n.get()));
        return snapshot;
    }
}
