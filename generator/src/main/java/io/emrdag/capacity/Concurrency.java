package io.emrdag.capacity;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * How many clusters, instances and vCPUs are running at every minute of the modelled period: each run adds its
 * cluster's amounts from its start to its end (a difference array over the minutes, summed once), so the cost is
 * one step per run and meter plus one pass over the year per meter, whatever the number of job groups.
 */
public final class Concurrency {

    private final ModelYear year;
    private final Map<Meter, int[]> levels;

    private Concurrency(ModelYear year, Map<Meter, int[]> levels) {
        this.year = year;
        this.levels = levels;
    }

    /** The levels of every meter the plan's clusters use: clusters, instances, all vCPUs, vCPUs per class and market. */
    public static Concurrency of(CapacityPlan plan) {
        ModelYear year = plan.year();
        TreeSet<Meter> meters = new TreeSet<>(List.of(Meter.CLUSTERS, Meter.INSTANCES, Meter.VCPUS));
        plan.groups().forEach(g -> g.footprint().nodes().forEach(n -> meters.add(Meter.vcpus(n.quotaClass(), n.market()))));
        int size = year.end() - year.first() + 1;
        Map<Meter, int[]> levels = new TreeMap<>();
        meters.forEach(m -> levels.put(m, new int[size]));
        // Job groups whose runs have the same shape add up before their runs are laid out: one pass per shape and
        // meter, each meter on its own array (and core).
        List<Meter> order = List.copyOf(levels.keySet());
        Map<Object, Runs> shapes = new LinkedHashMap<>();
        Map<Object, long[]> amounts = new HashMap<>();
        for (PlannedGroup group : plan.groups()) {
            Object shape = group.runs().shape();
            shapes.putIfAbsent(shape, group.runs());
            long[] sum = amounts.computeIfAbsent(shape, s -> new long[order.size()]);
            for (int m = 0; m < order.size(); m++) {
                sum[m] += order.get(m).amount(group.footprint());
            }
        }
        int offset = -year.first();
        IntStream.range(0, order.size()).parallel().forEach(m -> {
            int[] diff = levels.get(order.get(m));
            shapes.forEach((shape, runs) -> {
                int amount = (int) Math.min(Integer.MAX_VALUE, amounts.get(shape)[m]);
                if (amount != 0) {
                    runs.forEachIn(year.first(), year.end(), (start, end) -> {
                        diff[Math.max(start, year.first()) + offset] += amount;
                        diff[Math.min(end, year.end()) + offset] -= amount;
                    });
                }
            });
            for (int i = 1; i < diff.length; i++) {
                diff[i] += diff[i - 1];
            }
        });
        return new Concurrency(year, Collections.unmodifiableMap(new LinkedHashMap<>(levels)));
    }

    public ModelYear year() {
        return year;
    }

    /** Every meter counted, clusters first. */
    public List<Meter> meters() {
        return List.copyOf(levels.keySet());
    }

    /** The vCPU meters of single quota classes and markets. */
    public List<Meter> quotaMeters() {
        return levels.keySet().stream().filter(m -> m.quotaClass() != null).toList();
    }

    /** The level of {@code meter} at {@code minute} (0 outside the modelled period or for a meter not counted). */
    public int level(Meter meter, int minute) {
        int[] values = levels.get(meter);
        int index = minute - year.first();
        return values == null || index < 0 || index >= values.length - 1 ? 0 : values[index];
    }

    /** The levels of {@code meter} from {@code from} to {@code to} (exclusive), a copy; 0 outside the modelled period. */
    public int[] levels(Meter meter, int from, int to) {
        int[] out = new int[to - from];
        int[] values = levels.get(meter);
        if (values != null) {
            int first = Math.max(from, year.first());
            int last = Math.min(to, year.end());
            if (first < last) {
                System.arraycopy(values, first - year.first(), out, first - from, last - first);
            }
        }
        return out;
    }

    /**
     * The highest level of {@code meter} in the model year, at the first minute it is reached counting from the year's
     * first Monday (then the days before it): with the same peak every day, the peak's week is then a whole week of the
     * model year, and every view of the report and every message names the same moment.
     */
    public Peak peak(Meter meter) {
        int[] values = levels.get(meter);
        int monday = year.weekStart(0) == 0 ? 0 : year.weekEnd(0);
        int best = 0;
        int at = monday;
        for (int i = 0; values != null && i < year.minutes(); i++) {
            int minute = (monday + i) % year.minutes();
            int value = values[minute - year.first()];
            if (value > best) {
                best = value;
                at = minute;
            }
        }
        return new Peak(meter, best, at);
    }
}
