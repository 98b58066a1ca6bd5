package io.emrdag.render;

import java.util.List;

/**
 * Everything the DAG-file template prints, already as Python source. The template only arranges these
 * pieces; no escaping or decision is made in FreeMarker.
 */
public record DagView(String header, String sharedImport, String description, String variable, String knobs,
        String docMd, String jobFlowOverrides, String steps, String dagId, String schedule, String startDate,
        boolean catchup, int maxActiveRuns, String dagrunTimeout, String tags, String defaultArgs, String awsConnId,
        List<SensorView> sensors, String sensorList, String project, String reruns,
        boolean rerunsWanted) {

    /** One step sensor. */
    public record SensorView(String variable, String taskId, int index, String pokeInterval, String timeout,
            String mode) {
    }
}
