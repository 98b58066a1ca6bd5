package io.emrdag.capacity;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The runs of one job group over the modelled period: sorted start minutes and the run's length. Airflow starts at
 * most {@code max_active_runs} runs of a DAG at once and queues the rest, so a run that is expected to outlast the
 * schedule keeps the cluster busy until the run {@code max_active_runs} after it starts, never longer: that is the
 * most clusters the job group holds at once.
 */
public final class Runs {

    /** What to do with one run: its start and end minute. */
    @FunctionalInterface
    public interface Visitor {
        void run(int start, int end);
    }

    static final Runs NONE = new Runs(Minutes.NONE, 1, 1);

    private final Minutes starts;
    private final int length;
    private final int overlap;
    private final Wait longestWait;

    /**
     * The longest a triggered run waited for one of the {@code max_active_runs} slots.
     *
     * @param minutes how long it waited
     * @param started the minute it started at last
     */
    public record Wait(int minutes, int started) {
    }

    Runs(Minutes starts, int length, int overlap) {
        this(starts, length, overlap, new Wait(0, 0));
    }

    private Runs(Minutes starts, int length, int overlap, Wait longestWait) {
        this.starts = starts;
        this.length = length;
        this.overlap = Math.max(1, overlap);
        this.longestWait = longestWait;
    }

    /** The longest wait of a run its upstream groups started (none waited: 0 minutes). */
    public Wait longestWait() {
        return longestWait;
    }

    /** Back-to-back runs ({@code @continuous}): one starts when the last ends, from {@code from} to {@code to}. */
    static Runs continuous(int from, int to, int length) {
        return new Runs(Minutes.evenly(from, length, (int) ((to - (long) from + length - 1) / length)), length, 1);
    }

    /**
     * What makes two job groups' runs the same: the same start times (one shared sequence per schedule and time zone),
     * length and overlap. Thousands of job groups share a few shapes, and the concurrency is summed per shape.
     */
    Object shape() {
        return new Shape(starts, length, overlap);
    }

    /** The sequence is compared by identity: schedules are expanded once and shared. */
    private record Shape(Minutes starts, int length, int overlap) {
    }

    /** How many runs start from {@code from} to {@code to} (exclusive). */
    public int countIn(int from, int to) {
        return index(to) - index(from);
    }

    public int length() {
        return length;
    }

    /** The minute each run is expected to succeed (its start plus its length), in start order. */
    Minutes finishes() {
        return starts.plus(length);
    }

    /**
     * These runs plus the data-aware ones: Airflow starts a DAG scheduled on its upstream job groups' Datasets (Assets)
     * once every upstream has succeeded since its last such run, i.e. at the finish that completes the set. With a
     * schedule as well ({@code DatasetOrTimeSchedule}) both kinds run.
     *
     * @param upstreams each upstream group's finishes, sorted
     * @param before the end of the modelled period: later triggers are dropped
     * @param builder an empty builder to collect the starts in (reused: it is empty again afterwards)
     */
    Runs withTriggersAfter(List<Minutes> upstreams, int before, Minutes.Builder builder) {
        if (upstreams.size() == 1) {
            // One upstream group: each of its finishes is a trigger, read together with the scheduled starts.
            return queued(starts, upstreams.get(0), before, builder);
        }
        int total = 0;
        for (Minutes finishes : upstreams) {
            total += finishes.size();
        }
        // Each finish as one long, its minute above its upstream's index: sorted, by minute and then upstream, without
        // an object per finish (a chain of thousands of job groups has millions of them).
        long[] finishes = new long[total];
        int at = 0;
        for (int u = 0; u < upstreams.size(); u++) {
            for (Minutes.Cursor minutes = upstreams.get(u).cursor(0); minutes.hasNext(); ) {
                finishes[at++] = ((long) minutes.next() << 32) | u;
            }
        }
        Arrays.sort(finishes);
        BitSet fresh = new BitSet(upstreams.size());
        int freshCount = 0;
        int[] triggers = new int[finishes.length];
        int count = 0;
        for (long finish : finishes) {
            int upstream = (int) finish;
            if (!fresh.get(upstream)) {
                fresh.set(upstream);
                freshCount++;
            }
            if (freshCount == upstreams.size()) {
                int minute = (int) (finish >> 32);
                if (minute < before) {
                    triggers[count++] = minute;
                }
                fresh.clear();
                freshCount = 0;
            }
        }
        return queued(starts, Minutes.of(Arrays.copyOf(triggers, count)), before, builder);
    }

    /**
     * The starts of runs triggered at the minutes of {@code scheduled} and {@code triggered} (each sorted) when at most
     * {@code max_active_runs} run at once and the others wait in order, as Airflow queues the runs its Assets create:
     * a job group triggered faster than it runs is busy back to back, never more, and its backlog past the modelled
     * period is dropped. A chain of time-or-data job groups, each run of which triggers the next, would otherwise
     * multiply runs down the chain.
     *
     * <p>The two are merged as they are read, a stretch of evenly spaced triggers at a time (the part of one stretch
     * that comes before the other sequence's next minute): a job group busy back to back all year gets thousands of
     * triggers in a few hundred such stretches, and with one run at a time a whole stretch is queued at once.
     */
    private Runs queued(Minutes scheduled, Minutes triggered, int before, Minutes.Builder builder) {
        Queue queue = new Queue(before, builder);
        Minutes.Stretches a = scheduled.stretches();
        Minutes.Stretches b = triggered.stretches();
        while (a.count > 0 || b.count > 0) {
            boolean fromA = b.count == 0 || a.count > 0 && a.first <= b.first;
            Minutes.Stretches from = fromA ? a : b;
            Minutes.Stretches other = fromA ? b : a;
            int n = from.count;
            if (other.count > 0 && from.step > 0 && from.first + (long) (n - 1) * from.step > other.first) {
                // The minutes of this stretch up to the other sequence's next one (at least the first; a division only
                // when more than one comes before it).
                n = from.first + (long) from.step > other.first ? 1 : (int) (((long) other.first - from.first) / from.step + 1);
            }
            if (!queue.add(from.first, from.step, n)) {
                break;
            }
            from.take(n);
        }
        return new Runs(queue.starts.build(), length, overlap, new Wait(queue.longest, queue.longestStarted));
    }

    /** The runs queued so far: when each slot is free again, the starts, the longest wait. */
    private final class Queue {

        private final int before;
        private final int[] free = new int[overlap];
        private final Minutes.Builder starts;
        /** The longest wait so far, and the start of the first run that waited that long. */
        private int longest;
        private int longestStarted;

        Queue(int before, Minutes.Builder starts) {
            this.before = before;
            this.starts = starts;
            Arrays.fill(free, Integer.MIN_VALUE);
        }

        /** Queues {@code count} triggers from {@code first}, {@code step} apart; false once a run would start too late. */
        boolean add(int first, int step, int count) {
            if (overlap > 1) {
                for (int k = 0; k < count; k++) {
                    if (!one(first + k * step)) {
                        return false;
                    }
                }
                return true;
            }
            // One run at a time: each run starts when its trigger comes or when the run before it ends, if later. While
            // runs are behind their triggers they follow each other back to back.
            int start = Math.max(first, free[0]);
            if (start >= before) {
                return false;
            }
            // How many of them start before the end (all of them, mostly: no division then).
            int fit = start + (long) (count - 1) * Math.max(step, length) < before ? count
                    : (int) Math.min(count, ((long) before - start + length - 1) / length);
            if (step <= length) {
                // Never catches up: run k starts at start + k * length and waits (start - first) + k * (length - step), the
                // most at the last run when the triggers come faster than the runs, else at the first.
                int k = length > step ? fit - 1 : 0;
                waited(start - first + k * (length - step), start + k * length);
                starts.addEvenly(start, length, fit);
                free[0] = start + fit * length;
                return fit == count;
            }
            // Triggers slower than runs: back to back while behind (the first waits the most), then each at its trigger.
            int behind = (int) Math.min(fit, ((long) start - first) / (step - length) + 1);
            waited(start - first, start);
            starts.addEvenly(start, length, behind);
            if (behind < Math.min(count, ((long) start - first) / (step - length) + 1)) {
                return false;
            }
            free[0] = start + behind * length;
            int next = first + behind * step;
            int left = count - behind;
            if (left == 0) {
                return true;
            }
            if (next >= before) {
                return false;
            }
            int onTime = (int) Math.min(left, ((long) before - next + step - 1) / step);
            starts.addEvenly(next, step, onTime);
            free[0] = next + (onTime - 1) * step + length;
            return onTime == left;
        }

        /** Queues one trigger in the slot free first. */
        private boolean one(int trigger) {
            int slot = 0;
            for (int i = 1; i < overlap; i++) {
                slot = free[i] < free[slot] ? i : slot;
            }
            int start = Math.max(trigger, free[slot]);
            if (start >= before) {
                return false;
            }
            waited(start - trigger, start);
            starts.add(start);
            free[slot] = start + length;
            return true;
        }

        private void waited(int minutes, int started) {
            if (minutes > longest) {
                longest = minutes;
                longestStarted = started;
            }
        }
    }

    /** Every run that overlaps {@code from}..{@code to}, with its own start and end. */
    public void forEachIn(int from, int to, Visitor visitor) {
        int first = index((int) Math.max(Integer.MIN_VALUE, (long) from - length));
        Minutes.Cursor cursor = starts.cursor(first);
        for (int i = first; i < starts.size(); i++) {
            int start = cursor.next();
            if (start >= to) {
                break;
            }
            int end = end(i, start);
            if (end > from) {
                visitor.run(start, end);
            }
        }
    }

    /** Whether a run holds a cluster during {@code minute}. */
    public boolean covers(int minute) {
        boolean[] found = {false};
        forEachIn(minute, minute + 1, (start, end) -> found[0] = true);
        return found[0];
    }

    /** The end of run {@code i}, which starts at {@code start}. */
    private int end(int i, int start) {
        int end = start + length;
        return i + overlap < starts.size() ? Math.min(end, starts.get(i + overlap)) : end;
    }

    /** The index of the first run starting at or after {@code minute}. */
    private int index(int minute) {
        return starts.index(minute);
    }
}
