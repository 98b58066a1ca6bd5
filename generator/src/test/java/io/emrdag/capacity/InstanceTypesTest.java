package io.emrdag.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.model.Market;
import io.emrdag.model.QuotaClass;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The vCPU table and the quota classes: spot checks against EC2's figures, and the families EMR clusters use. */
class InstanceTypesTest {

    private final InstanceTypes types = InstanceTypes.builtIn();

    @Test
    void vcpusAreEc2sFigures() {
        Map<String, Integer> expected = Map.ofEntries(Map.entry("m5.xlarge", 4), Map.entry("m5.24xlarge", 96), Map.entry("c5.9xlarge", 36),
                Map.entry("c4.8xlarge", 36), Map.entry("r5.2xlarge", 8), Map.entry("r7i.48xlarge", 192), Map.entry("i3en.3xlarge", 12),
                Map.entry("z1d.12xlarge", 48), Map.entry("x1.32xlarge", 128), Map.entry("x2idn.16xlarge", 64), Map.entry("g4dn.12xlarge", 48),
                Map.entry("p3.16xlarge", 64), Map.entry("m4.xlarge", 4), Map.entry("d2.8xlarge", 36), Map.entry("m1.small", 1),
                Map.entry("m7g.16xlarge", 64), Map.entry("c7i-flex.8xlarge", 32), Map.entry("g3s.xlarge", 4), Map.entry("p5.48xlarge", 192));
        expected.forEach((type, vcpus) -> assertEquals(OptionalInt.of(vcpus), types.vcpus(type), type));
        assertEquals(OptionalInt.empty(), types.vcpus("m5.large"), "EMR does not offer m5.large");
        assertEquals(OptionalInt.empty(), types.vcpus("r5.2xlarg"));
        assertEquals(OptionalInt.of(4), types.vcpus("M5.XLARGE"));
    }

    @Test
    void everyFamilyEmrClustersCommonlyUseIsListedWithItsSizes() {
        for (String family : List.of("m5", "m5a", "m5d", "m6g", "m6gd", "m6i", "m7g", "m7i", "c5", "c5d", "c6g", "c6gd", "c6i", "c7g", "r5",
                "r5a", "r5d", "r6g", "r6gd", "r6i", "r7g", "r7i", "i3", "i3en", "i4i", "x1", "x2idn", "z1d", "g4dn", "p3")) {
            assertTrue(InstanceTypes.isFamily(family), family);
            assertTrue(types.names().stream().filter(t -> t.startsWith(family + ".")).count() >= 2, family + " has its sizes");
        }
        assertTrue(types.names().size() > 600, "the instance types EMR supports: " + types.names().size());
    }

    /** Sizes named n·xlarge have 4n vCPUs on every current family; the table's exceptions are older types only. */
    @Test
    void theTableFollowsEc2sNamingExceptForOlderTypes() {
        Pattern size = Pattern.compile("[a-z0-9-]+\\.(\\d*)xlarge");
        List<String> exceptions = types.names().stream().filter(t -> {
            Matcher m = size.matcher(t);
            return m.matches() && types.vcpus(t).getAsInt() != 4 * (m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1)));
        }).sorted().toList();
        assertEquals(List.of("c1.xlarge", "c4.8xlarge", "d2.8xlarge", "m2.2xlarge", "m2.4xlarge", "m2.xlarge"), exceptions);
    }

    @Test
    void extraTypesFromTheSettingsComeOnTop() {
        InstanceTypes extended = InstanceTypes.with(Map.of("m9g.2xlarge", 8));
        assertEquals(OptionalInt.of(8), extended.vcpus("m9g.2xlarge"));
        assertEquals(OptionalInt.of(4), extended.vcpus("m5.xlarge"));
        assertEquals(OptionalInt.empty(), types.vcpus("m9g.2xlarge"));
    }

    @Test
    void instanceTypesCountAgainstTheirClasssQuota() {
        Map<String, QuotaClass> expected = Map.of("m5.xlarge", QuotaClass.STANDARD, "im4gn.xlarge", QuotaClass.STANDARD,
                "inf2.xlarge", QuotaClass.INF, "g4dn.xlarge", QuotaClass.G_AND_VT, "vt1.3xlarge", QuotaClass.G_AND_VT,
                "p3.2xlarge", QuotaClass.P, "x2idn.16xlarge", QuotaClass.X, "f2.6xlarge", QuotaClass.F, "trn1.2xlarge", QuotaClass.TRN,
                "u-6tb1.56xlarge", QuotaClass.HIGH_MEMORY);
        expected.forEach((type, quotaClass) -> assertEquals(quotaClass, QuotaClass.of(type), type));
        assertEquals("L-1216C47A", QuotaClass.STANDARD.code(Market.ON_DEMAND));
        assertEquals("L-34B43A08", QuotaClass.STANDARD.code(Market.SPOT));
        assertEquals(QuotaClass.G_AND_VT, QuotaClass.named("L-3819A6DF", Market.SPOT).orElseThrow());
        assertTrue(QuotaClass.named("L-3819A6DF", Market.ON_DEMAND).isEmpty(), "a Spot code is not an on-demand quota");
    }
}
