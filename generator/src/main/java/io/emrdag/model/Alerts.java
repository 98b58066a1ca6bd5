package io.emrdag.model;

import java.util.List;

/**
 * Who hears about a job group's runs, and about what.
 *
 * @param events   {@link #FAILURE} (the run failed), {@link #SUCCESS}, {@link #OVERDUE} (a step runs past its
 *                 {@code expected_duration}); at least one
 * @param snsTopic an Amazon SNS topic's ARN (the Amazon provider's notifier publishes to it), or {@code null}
 * @param emails   addresses Airflow's configured e-mail backend sends to; empty for none
 * @param callable the dotted path of a function of the user's, imported only when an alert is sent; {@code null} for none
 */
public record Alerts(List<String> events, String snsTopic, List<String> emails, String callable) {

    public static final String FAILURE = "failure";
    public static final String SUCCESS = "success";
    public static final String OVERDUE = "overdue";
    /** Every event, in the order they are documented and rendered. */
    public static final List<String> EVENTS = List.of(FAILURE, SUCCESS, OVERDUE);

    public Alerts {
        events = EVENTS.stream().filter(events::contains).toList();
        emails = List.copyOf(emails);
    }

    public boolean on(String event) {
        return events.contains(event);
    }
}
