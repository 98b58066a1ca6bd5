package io.emrdag.report;

import io.emrdag.capacity.ModelYear;
import io.emrdag.capacity.PlannedGroup;
import io.emrdag.capacity.TimeText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of every job group over a window, one row per job group that runs in it, grouped by layer and ordered by
 * first start: a Gantt chart of the fleet. Positions are percentages of the window, so the page lays the rows out
 * without a script; a job group that does not run in the window gets no row (the page says how many).
 */
final class Timelines {

    private Timelines() {
    }

    /**
     * @param detailed whether every bar has its own tooltip (the day); on the week the row has one, which keeps the
     *     page small for thousands of job groups
     */
    static ReportView.Timeline timeline(ReportModel model, int from, int to, int peakMinute, String peakLabel, Colours colours,
            boolean detailed) {
        ModelYear year = model.year();
        double length = to - from;
        Map<String, List<Placed>> byLayer = new LinkedHashMap<>();
        int idle = 0;
        for (PlannedGroup group : model.plan().groups()) {
            List<ReportView.Bar> bars = new ArrayList<>();
            int[] first = {Integer.MAX_VALUE};
            group.runs().forEachIn(from, to, (start, end) -> {
                int left = Math.max(start, from);
                int right = Math.min(end, to);
                first[0] = Math.min(first[0], left);
                String title = detailed ? group.id() + ": " + TimeText.window(year, start, end) : null;
                bars.add(new ReportView.Bar(Numbers.plain((left - from) * 100 / length), Numbers.plain(Math.max(0.08, (right - left) * 100 / length)),
                        title));
            });
            if (bars.isEmpty()) {
                idle++;
                continue;
            }
            String title = group.id() + " (" + group.group().timing().schedule() + "): " + group.footprint().describe() + ", "
                    + TimeText.duration(group.run().minutes()) + " a run";
            byLayer.computeIfAbsent(group.layer(), l -> new ArrayList<>()).add(new Placed(first[0], new ReportView.Row(group.id(), title, bars)));
        }
        List<ReportView.Lane> lanes = new ArrayList<>();
        byLayer.forEach((layer, rows) -> lanes.add(new ReportView.Lane(Views.layerName(layer), colours.layer(layer), rows.stream()
                .sorted(Comparator.comparingInt(Placed::first).thenComparing(p -> p.row().id())).map(Placed::row).toList())));
        List<ReportView.Tick> ticks = Charts.xTicks(year, from, to).stream()
                .map(t -> new ReportView.Tick(Numbers.plain((Double.parseDouble(t.at()) - Charts.LEFT) * 100 / Charts.PLOT_WIDTH), t.label()))
                .toList();
        boolean day = length <= 25 * 60;
        String grid = Numbers.plain(100.0 * (day ? 180 : 1440) / length) + "%";
        String idleText = idle == 0 ? null : Numbers.count(idle) + (idle == 1 ? " job group does" : " job groups do") + " not run in this window";
        return new ReportView.Timeline(ticks, grid, Numbers.plain((peakMinute - from) * 100 / length), peakLabel, lanes, idleText);
    }

    private record Placed(int first, ReportView.Row row) {
    }
}
