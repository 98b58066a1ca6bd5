package io.emrdag.report;

import java.util.List;

/**
 * What the report page shows, every text and number already formatted and every shape already placed: the template
 * only lays it out (and escapes every value, being an HTML template).
 *
 * <p>The parts follow the page's sections: its heading, the headline cards, the quota table, the two windows, the
 * cost tables, the notes and the dependency graph.
 *
 * @param heading    the page's title and the lines under it
 * @param quotaTable the limits from {@code quotas:} and the quotas in use that are not set
 * @param costs      the job groups' and the layers' tables of use and cost
 * @param graph      the job-group dependency graph, {@code null} when no job group depends on another (the page then has
 *                   no such section)
 */
public record ReportView(Heading heading, List<Card> cards, QuotaTable quotaTable, List<Window> windows, Costs costs,
        List<String> notes, Graph graph) {

    /**
     * The page's title and the lines under it.
     *
     * @param generator what made the report and from which folder
     */
    public record Heading(String title, String subtitle, String generator) {
    }

    /**
     * The quota table.
     *
     * @param quotasSet whether {@code quotas:} sets any limit (the table then says which are checked)
     */
    public record QuotaTable(List<QuotaRow> quotas, boolean quotasSet) {
    }

    /**
     * The tables of use and cost, a row per job group and a row per layer.
     *
     * @param layerLegend the layers' colours
     * @param priced      whether a price table was given (the cost columns then have figures)
     * @param currency    the prices' currency
     */
    public record Costs(List<GroupRow> groups, List<LayerRow> layers, List<Legend> layerLegend, boolean priced,
            String currency) {
    }

    /** A headline figure. */
    public record Card(String label, String value, String detail, boolean alert) {
    }

    /** One limit from {@code quotas:}, or a quota in use that is not set: which quota, how much of it is used, the verdict. */
    public record QuotaRow(Quota quota, Demand demand, Verdict verdict) {
    }

    /**
     * Which quota a row is about.
     *
     * @param code    the Service Quotas code, "" when there is none
     * @param setting the key under {@code quotas:} that sets it
     * @param limit   its limit, or "not set"
     */
    public record Quota(String what, String code, String setting, String limit) {
    }

    /**
     * How much of a quota the job groups use at their peak.
     *
     * @param when         the moment of the peak, "" when nothing uses it
     * @param headroom     the limit less the peak, "" when no limit is set
     * @param contributors the job groups running at the peak, the largest first
     */
    public record Demand(String peak, String when, String headroom, String contributors) {
    }

    /**
     * The row's verdict.
     *
     * @param status the verdict in words
     * @param over   whether the peak exceeds the limit
     */
    public record Verdict(String status, boolean over) {
    }

    /** A stretch of the model year (the peak day, the peak week): its charts and its timeline. */
    public record Window(String id, String title, String caption, List<Chart> charts, Timeline timeline) {
    }

    /** A chart of levels over a window: stacked areas, limits as lines, the window's peak marked. */
    public record Chart(String title, String note, Frame frame, Axes axes, Marks marks, List<Legend> legend) {
    }

    /** The chart's size and its plot area inside it, in pixels. */
    public record Frame(int width, int height, int plotLeft, int plotTop, int plotWidth, int plotHeight) {
    }

    /** The ticks along the time axis and the level axis. */
    public record Axes(List<Tick> xTicks, List<Tick> yTicks) {
    }

    /**
     * What is drawn in the plot area.
     *
     * @param peak the window's highest point, {@code null} when nothing runs in it
     */
    public record Marks(List<Area> areas, List<Limit> limits, Marker peak) {
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

    /**
     * A job group's row in the cost table.
     *
     * @param runs  how often it runs, how long, and on what
     * @param spend what its runs use and cost
     */
    public record GroupRow(String id, String layer, String color, String schedule, Runs runs, Spend spend) {
    }

    /** How often a job group runs, how long a run takes, and the cluster it runs on. */
    public record Runs(Cell runsPerMonth, Cell run, Cell cluster, Cell vcpus) {
    }

    /** The instance-hours and the cost of a job group's runs, per run and per month. */
    public record Spend(Cell instanceHoursPerRun, Cell instanceHoursPerMonth, Cell costPerRun, Cell costPerMonth) {
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
