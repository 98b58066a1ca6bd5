package io.emrdag.porting;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code emrdag import} reads and where it writes: the source DAG files or folders, the project folder to
 * create, the MWAA Airflow version whose pinned environment reads the DAGs, an optional JSON file of the Variables
 * (and Connections) the sources read at parse time, and whether any difference fails the import.
 */
public record ImportRequest(List<Path> sources, Path project, String target, Path variables, boolean strict) {

    public ImportRequest {
        sources = List.copyOf(sources);
    }
}
