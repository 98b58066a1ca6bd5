package io.emrdag.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emrdag.model.Cluster;
import io.emrdag.model.FleetInstanceType;
import io.emrdag.model.InstanceFleet;
import io.emrdag.model.Market;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instance fleets count as the instances of their most vCPU-dense type per weighted unit, per market. */
class FootprintTest {

    private static FleetInstanceType type(String name, int weight) {
        return new FleetInstanceType(name, weight, null, null, null);
    }

    private static Cluster fleets(InstanceFleet... fleets) {
        return new Cluster("p", null, new Cluster.Software("emr-7.5.0", List.of("Spark"), List.of(), List.of()),
                new Cluster.Nodes(null, null, null, List.of(fleets), null), new Cluster.Access(null, null, null, null, null),
                new Cluster.Operation(Duration.ofHours(1), null, null), Map.of());
    }

    @Test
    void eachMarketOfAFleetIsItsDensestTypeUpToTheTarget() {
        // m5.xlarge: 4 vCPUs per unit; c5.9xlarge: 36 vCPUs for 4 units = 9 per unit, the densest.
        InstanceFleet master = new InstanceFleet("MASTER", 1, 0, List.of(type("m5.xlarge", 1)), null, null, null, null);
        InstanceFleet core = new InstanceFleet("CORE", 5, 6, List.of(type("m5.xlarge", 1), type("c5.9xlarge", 4)), null,
                "price-capacity-optimized", Duration.ofMinutes(30), "SWITCH_TO_ON_DEMAND");
        Footprint footprint = Footprint.of(fleets(master, core), InstanceTypes.builtIn());
        // on demand: 1 m5.xlarge; 5 units of c5.9xlarge = ceil(5 / 4) = 2 instances; spot: ceil(6 / 4) = 2 instances.
        assertEquals("1× m5.xlarge, 2× c5.9xlarge, 2× c5.9xlarge spot", footprint.describe());
        assertEquals(5, footprint.instances());
        assertEquals(4 + 2 * 36 + 2 * 36, footprint.vcpus());
        assertEquals(2 * 36, footprint.nodes().stream().filter(n -> n.market() == Market.SPOT).mapToInt(Footprint.Nodes::vcpus).sum());
    }

    @Test
    void aFleetWithoutCapacityInAMarketLaunchesNothingThere() {
        InstanceFleet master = new InstanceFleet("MASTER", 0, 1, List.of(type("m5.xlarge", 1)), null, null, null, null);
        InstanceFleet task = new InstanceFleet("TASK", 0, 0, List.of(type("r5.2xlarge", 1)), null, null, null, null);
        assertEquals("1× m5.xlarge spot", Footprint.of(fleets(master, task), InstanceTypes.builtIn()).describe());
    }
}
