package io.emrdag.model;

import java.util.List;
import java.util.Optional;

/**
 * An Amazon MWAA Airflow version and the Amazon provider its image ships. The generated operator keywords
 * must exist in that provider: an older provider raises {@code TypeError} on an unknown keyword at parse time.
 *
 * <p>Source: the bills of materials of the MWAA images (amazon-mwaa-docker-images), as listed in the
 * project's facts page; 2.9.2 is left out because its Airflow predates the templating features the
 * generated DAGs rely on having been tested.
 */
public record MwaaTarget(String airflowVersion, String amazonProviderVersion) {

    public static final List<MwaaTarget> SUPPORTED = List.of(
            new MwaaTarget("2.10.3", "9.0.0"),
            new MwaaTarget("2.11.0", "9.8.0"),
            new MwaaTarget("2.11.2", "9.22.0"),
            new MwaaTarget("3.0.6", "9.12.0"),
            new MwaaTarget("3.2.1", "9.25.0"),
            new MwaaTarget("3.3.1", "9.34.0"));

    public static final String DEFAULT_VERSION = "2.10.3";

    public static Optional<MwaaTarget> forVersion(String airflowVersion) {
        return SUPPORTED.stream().filter(t -> t.airflowVersion().equals(airflowVersion)).findFirst();
    }

    public static List<String> versions() {
        return SUPPORTED.stream().map(MwaaTarget::airflowVersion).toList();
    }
}
