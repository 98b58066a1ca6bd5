package io.emrdag.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emrdag.TestProjects;
import io.emrdag.model.Market;
import io.emrdag.model.QuotaClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code capacity:} and {@code quotas:} sections of the project schema list exactly the keys the binder accepts,
 * and the quota names it offers are the classes and codes emrdag knows, per market.
 */
class CapacitySchemaTest {

    @TempDir
    Path tmp;

    @Test
    void theSectionsListTheBindersKeys() throws IOException {
        JsonNode schema = MetadataSchemasTest.JSON.readTree(MetadataSchemas.contents().get("emrdag.schema.json"));
        for (String section : List.of("capacity", "quotas")) {
            Path project = TestProjects.project(tmp.resolve(section), Map.of("emrdag.yaml", TestProjects.SETTINGS + section + ": {"
                    + MetadataSchemasTest.BOGUS + ": 1}\n", "orders.yaml", TestProjects.JOB_GROUP));
            List<String> keys = new ArrayList<>();
            schema.at("/properties/" + section + "/properties").fieldNames().forEachRemaining(keys::add);
            assertEquals(new TreeSet<>(MetadataSchemasTest.knownKeys(project)), new TreeSet<>(keys), section);
        }
    }

    @Test
    void theQuotaNamesAreTheClassesAndTheirCodes() throws IOException {
        JsonNode quotas = MetadataSchemasTest.JSON.readTree(MetadataSchemas.contents().get("emrdag.schema.json")).at("/properties/quotas/properties");
        for (Market market : Market.values()) {
            List<String> expected = new ArrayList<>();
            Arrays.stream(QuotaClass.values()).filter(c -> c.code(market) != null).forEach(c -> expected.add(c.id()));
            Arrays.stream(QuotaClass.values()).filter(c -> c.code(market) != null).forEach(c -> expected.add(c.code(market)));
            List<String> names = new ArrayList<>();
            quotas.at("/" + (market == Market.SPOT ? "spot_vcpus" : "on_demand_vcpus") + "/propertyNames/enum").forEach(n -> names.add(n.asText()));
            assertEquals(expected, names, market.label());
        }
        assertTrue(quotas.has("clusters"));
    }
}
