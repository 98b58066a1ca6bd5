package io.emrdag.report;

import io.emrdag.capacity.ModelYear;
import io.emrdag.capacity.TimeText;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Places stacked step charts of levels over a window: one pixel column per slice of the window, each showing the
 * levels at the slice's busiest minute, so that no peak is lost however long the window is; runs of equal columns
 * become one horizontal path segment.
 */
final class Charts {

    static final int WIDTH = 960;
    static final int HEIGHT = 206;
    static final int LEFT = 64;
    static final int TOP = 24;
    static final int PLOT_WIDTH = 880;
    static final int PLOT_HEIGHT = 150;

    /** One stacked series: its levels at each minute of the window. */
    record Series(String label, String color, int[] levels) {
    }

    /** A limit to draw. */
    record Line(int value, String label) {
    }

    private Charts() {
    }

    static ReportView.Chart chart(String title, String note, ModelYear year, int from, int to, List<Series> stack, Line limit) {
        int columns = PLOT_WIDTH;
        int[][] tops = new int[stack.size()][columns];
        int peakColumn = 0;
        int peakValue = -1;
        int peakMinute = from;
        for (int c = 0; c < columns; c++) {
            int start = from + (int) ((long) (to - from) * c / columns);
            int end = Math.max(start + 1, from + (int) ((long) (to - from) * (c + 1) / columns));
            int best = start;
            int bestTotal = -1;
            for (int m = start; m < end; m++) {
                int total = 0;
                for (Series series : stack) {
                    total += series.levels()[m - from];
                }
                if (total > bestTotal) {
                    bestTotal = total;
                    best = m;
                }
            }
            int sum = 0;
            for (int s = 0; s < stack.size(); s++) {
                sum += stack.get(s).levels()[best - from];
                tops[s][c] = sum;
            }
            if (bestTotal > peakValue) {
                peakValue = bestTotal;
                peakColumn = c;
                peakMinute = best;
            }
        }
        int max = niceCeiling(Math.max(Math.max(peakValue, 1), limit == null ? 0 : limit.value()));
        List<ReportView.Area> areas = new ArrayList<>();
        List<ReportView.Legend> legend = new ArrayList<>();
        for (int s = stack.size() - 1; s >= 0; s--) {
            int[] bottom = s == 0 ? new int[columns] : tops[s - 1];
            areas.add(new ReportView.Area(path(tops[s], bottom, max), stack.get(s).color(), stack.get(s).label()));
        }
        stack.forEach(series -> legend.add(new ReportView.Legend(series.color(), series.label())));
        List<ReportView.Limit> limits = limit == null ? List.of()
                : List.of(new ReportView.Limit(Numbers.plain(y(limit.value(), max)), limit.label(), peakValue > limit.value()));
        ReportView.Marker marker = peakValue <= 0 ? null : new ReportView.Marker(Numbers.plain(LEFT + peakColumn + 0.5),
                Numbers.plain(y(peakValue, max)), "peak " + Numbers.count(peakValue) + " at " + TimeText.clock(year, peakMinute),
                peakColumn > columns * 3 / 4);
        return new ReportView.Chart(title, note, new ReportView.Frame(WIDTH, HEIGHT, LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT),
                new ReportView.Axes(xTicks(year, from, to), yTicks(max)), new ReportView.Marks(areas, limits, marker), legend);
    }

    /** The area between {@code top} and {@code bottom}, column by column, as an SVG path of horizontal and vertical moves. */
    static String path(int[] top, int[] bottom, int max) {
        StringBuilder d = new StringBuilder("M").append(LEFT).append(',').append(Numbers.plain(y(bottom[0], max)));
        for (int c = 0; c < top.length; c++) {
            if (c == 0 || top[c] != top[c - 1]) {
                d.append(c == 0 ? "" : "H" + (LEFT + c)).append('V').append(Numbers.plain(y(top[c], max)));
            }
        }
        d.append('H').append(LEFT + top.length);
        for (int c = bottom.length - 1; c >= 0; c--) {
            if (c == bottom.length - 1 || bottom[c] != bottom[c + 1]) {
                d.append(c == bottom.length - 1 ? "" : "H" + (LEFT + c + 1)).append('V').append(Numbers.plain(y(bottom[c], max)));
            }
        }
        return d.append("H").append(LEFT).append('Z').toString();
    }

    static double y(int value, int max) {
        return TOP + PLOT_HEIGHT - (double) value * PLOT_HEIGHT / max;
    }

    /** The smallest 1, 2 or 5 times a power of ten that is at least {@code value}. */
    static int niceCeiling(int value) {
        long step = 1;
        while (true) {
            for (int factor : new int[] {1, 2, 5}) {
                if (step * factor >= value) {
                    return (int) Math.min(Integer.MAX_VALUE, step * factor);
                }
            }
            step *= 10;
        }
    }

    private static List<ReportView.Tick> yTicks(int max) {
        List<ReportView.Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            int value = (int) ((long) max * i / 4);
            if (i == 0 || (long) max * i % 4 == 0) {
                ticks.add(new ReportView.Tick(Numbers.plain(y(value, max)), Numbers.count(value)));
            }
        }
        return ticks;
    }

    /** Every three hours on a day, every midnight on longer windows. */
    static List<ReportView.Tick> xTicks(ModelYear year, int from, int to) {
        boolean day = to - from <= 25 * 60;
        List<ReportView.Tick> ticks = new ArrayList<>();
        LocalDateTime at = year.at(from).toLocalDate().atStartOfDay();
        for (int i = 0; i < 400; i++, at = at.plusHours(day ? 3 : 24)) {
            int minute = year.minuteOf(at.atZone(year.zone()));
            if (minute >= to) {
                break;
            }
            if (minute >= from) {
                double x = LEFT + (double) (minute - from) * PLOT_WIDTH / (to - from);
                ticks.add(new ReportView.Tick(Numbers.plain(x), day ? TimeText.clock(year, minute) : TimeText.shortDay(year, minute)));
            }
        }
        return ticks;
    }
}
