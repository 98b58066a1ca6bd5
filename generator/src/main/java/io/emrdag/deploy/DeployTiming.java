package io.emrdag.deploy;

import io.emrdag.diagnostic.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a deploy's wall time goes, for performance work: with {@code EMRDAG_DEPLOY_TIMING} set (to anything
 * but empty), one progress line at the end, e.g. {@code timing: before deploy 2480 ms (JVM start, rendering),
 * client 310 ms, plan 40 ms, lock 6 ms, ...}. Off, it costs nothing and prints nothing.
 */
final class DeployTiming {

    private static final DeployTiming OFF = new DeployTiming(null);

    private final List<String> phases;
    private long last = System.nanoTime();

    private DeployTiming(List<String> phases) {
        this.phases = phases;
    }

    /** On when the environment asks for it; the first figure is the time from JVM start to this call. */
    static DeployTiming fromEnvironment() {
        String flag = System.getenv("EMRDAG_DEPLOY_TIMING");
        if (flag == null || flag.isBlank()) {
            return OFF;
        }
        DeployTiming timing = new DeployTiming(new ArrayList<>());
        ProcessHandle.current().info().startInstant().ifPresent(start -> timing.phases.add("before deploy "
                + Duration.between(start, Instant.now()).toMillis() + " ms (JVM start, rendering)"));
        return timing;
    }

    static DeployTiming off() {
        return OFF;
    }

    /** Ends the phase that began at the previous mark (or at creation). */
    synchronized void mark(String phase) {
        if (phases == null) {
            return;
        }
        long now = System.nanoTime();
        phases.add(phase + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }

    synchronized void report(Progress progress) {
        if (phases != null && !phases.isEmpty()) {
            progress.report("timing: " + String.join(", ", phases));
            phases.clear();
        }
    }
}
