package io.emrdag.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An EMR application configuration ({@code spark-defaults}, {@code hive-site}, …); properties are strings. */
public record Configuration(String classification, Map<String, String> properties, List<Configuration> configurations) {

    public Configuration {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        configurations = List.copyOf(configurations);
    }
}
