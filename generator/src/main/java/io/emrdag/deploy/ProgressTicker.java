package io.emrdag.deploy;

import io.emrdag.diagnostic.Progress;

/** Reports "uploaded 120/1000 DAG files" at most every two seconds, so long uploads show life, short ones stay quiet. */
final class ProgressTicker {

    private static final long EVERY_NANOS = 2_000_000_000L;

    private final Progress progress;
    private final String format;
    private final long started = System.nanoTime();
    private long last = started;

    ProgressTicker(Progress progress, String format) {
        this.progress = progress;
        this.format = format;
    }

    synchronized void tick(int done) {
        long now = System.nanoTime();
        if (now - last >= EVERY_NANOS) {
            last = now;
            progress.report(String.format(format, done));
        }
    }

    void finish(int done) {
        progress.report(String.format(format, done) + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
}
