package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.model.Alerts;
import io.emrdag.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Binds a job group's {@code alerts} (in {@code defaults}, a job group's file overriding it key by key, or
 * {@code alerts: null} for none): the events and the channels, each checked for shape so that a typo fails here
 * instead of in the callback that should have told someone about a failure.
 */
final class AlertsBinder {

    /** A standard SNS topic's ARN (partition, region, account, name); FIFO topics are refused apart. */
    static final Pattern SNS_TOPIC = Pattern.compile("arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:[A-Za-z0-9_-]{1,256}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+");
    /** A module and a name in it, e.g. {@code lakehouse_alerts.page_on_call}. */
    static final Pattern CALLABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");

    private AlertsBinder() {
    }

    /** The alerts of the job group whose fields are {@code parent}, or {@code null} for none. */
    static Alerts bind(Fields parent, List<Step> steps) {
        Fields fields = parent.map("alerts");
        if (fields == null) {
            return null;
        }
        List<String> events = new ArrayList<>();
        for (String event : fields.strings("events", List.of(Alerts.FAILURE))) {
            if (Alerts.EVENTS.contains(event)) {
                events.add(event);
            } else {
                fields.error("events", "E104", "expected events among " + String.join(", ", Alerts.EVENTS) + ", got \""
                        + Diagnostic.excerpt(event) + "\"", DidYouMean.suggest(event, Alerts.EVENTS).map(s -> "did you mean '" + s + "'?")
                                .orElse(null));
            }
        }
        String topic = fields.string("sns_topic", null);
        if (topic != null && !SNS_TOPIC.matcher(topic).matches()) {
            fields.error("sns_topic", "E213", "expected a standard SNS topic's ARN, got \"" + Diagnostic.excerpt(topic) + "\"",
                    topic.endsWith(".fifo") ? "FIFO topics need a message group id, which the Amazon provider's notifier does not send;"
                            + " use a standard topic" : "e.g. arn:aws:sns:eu-west-1:123456789012:data-platform-alerts");
            topic = null;
        }
        List<String> emails = new ArrayList<>();
        for (String email : fields.strings("email", List.of())) {
            if (EMAIL.matcher(email).matches()) {
                emails.add(email);
            } else {
                fields.error("email", "E214", "not an e-mail address: \"" + Diagnostic.excerpt(email) + "\"",
                        "one address per list item, e.g. email: [data-platform@example.com]");
            }
        }
        String callable = fields.string("callable", null);
        if (callable != null && (!CALLABLE.matcher(callable).matches()
                || List.of(callable.split("\\.")).stream().anyMatch(Shapes.PYTHON_KEYWORDS::contains))) {
            fields.error("callable", "E215", "expected the dotted path of a function, module first, got \"" + Diagnostic.excerpt(callable)
                    + "\"", "e.g. callable: lakehouse_alerts.page_on_call (a module on the DAG folder's or the plugins' path)");
            callable = null;
        }
        if (!fields.has("sns_topic") && !fields.has("email") && !fields.has("callable")) {
            parent.error("alerts", "E216", "no one to tell: no sns_topic, email or callable", "give at least one, or write"
                    + " alerts: null for none");
        }
        if (events.contains(Alerts.OVERDUE) && steps.stream().allMatch(s -> s.runs().expectedDuration() == null)) {
            fields.warning("events", "W225", "no step has an expected_duration, so no overdue alert is ever sent",
                    "give the steps that should be watched an expected_duration, e.g. 45m");
        }
        fields.finish();
        return events.isEmpty() ? null : new Alerts(events, topic, emails, callable);
    }
}
