package io.emrdag.report;

import java.util.List;

/**
 * What the report page shows, every text and number already formatted and every shape already placed: the template
 * only lays it out (and escapes every value, being an HTML template).
 *
 * @param graph the job-group dependency graph, {@code null} when no job group depends on another (the page then has no
 *     such section)
 */
public record ReportView(String title, String subtitle, String generator, List<Card> cards, List<QuotaRow> quotas,
        boolean quotasSet, List<Window> windows, List<GroupRow> groups, List<LayerRow> layers, List<Legend> layerLegend,
        boolean priced, String currency, List<String> notes, Graph graph) {

    /** A headline figure. */
    public record Card(String label, String value, String detail, boolean alert) {
    }

    /** One limit from {@code quotas:}, or a quota in use that is not set. */
    public record QuotaRow(String what, String code, String setting, String limit, String peak, String when, String headroom,
            String status, boolean over, String contributors) {
    }

    /** A stretch of the model year (the peak day, the peak week): its charts and its timeline. */
    public record Window(String id, String title, String caption, List<Chart> charts, Timeline timeline) {
    }

    /** A chart of levels over a window: stacked areas, limits as lines, the window's peak marked. */
    public record Chart(String title, String note, int width, int height, int plotLeft, int plotTop, int plotWidth,
            int plotHeight, List<Area> areas, List<Tick> xTicks, List<Tick> yTicks, List<Limit> limits, Marker peak,
            List<Legend> legend) {
    }

    /** One filled series: an SVG path. */
    public record Area(String path, String color, String label) {
    }

    /** A tick: its position along its axis and its label. */
    public record Tick(String at, String label) {
    }

    /** A limit drawn across a chart. */
    public record Limit(String y, String label, boolean over) {
    }

    /** The highest point of a chart's window. */
    public record Marker(String x, String y, String label, boolean right) {
    }

    public record Legend(String color, String label) {
    }

    /** Job groups' runs over a window, a row each, grouped by layer; positions in percent of the window. */
    public record Timeline(List<Tick> ticks, String grid, String peakAt, String peakLabel, List<Lane> lanes, String idle) {
    }

    public record Lane(String layer, String color, List<Row> rows) {
    }

    public record Row(String id, String title, List<Bar> bars) {
    }

    public record Bar(String left, String width, String title) {
    }

    /** A table cell: its text and the value it sorts by. */
    public record Cell(String text, String sort) {
    }

    public record GroupRow(String id, String layer, String color, String schedule, Cell runsPerMonth, Cell run, Cell cluster,
            Cell vcpus, Cell instanceHoursPerRun, Cell instanceHoursPerMonth, Cell costPerRun, Cell costPerMonth) {
    }

    public record LayerRow(String layer, String color, String groups, String instanceHoursPerMonth, String costPerMonth) {
    }

    /**
     * The job groups that wait for others and those they wait for, placed left to right (see {@link DependencyGraph});
     * drawn as inline SVG, in pixels, with a text line per waiting job group for readers that cannot see it.
     *
     * @param box the height of every box; its label starts half of it in from the left
     */
    public record Graph(String caption, int width, int height, int box, List<Node> nodes, List<Edge> edges, List<Legend> legend,
            List<String> lines) {

        /** A job group's box: its top-left corner, coloured by its folder; the title is its tooltip. */
        public record Node(String id, String label, String title, String color, int x, int y, int width) {
        }

        /** An arrow from an upstream job group to one that waits for it, as an SVG path. */
        public record Edge(String path, String title) {
        }
    }
}
