package io.emrdag.capacity;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The vCPUs of every instance type Amazon EMR supports: what EC2's vCPU quotas count.
 *
 * <p>Sources: the instance types are those Amazon EMR's {@code ListSupportedInstanceTypes} API returns for the
 * emr-7.x releases ("Supported instance types with Amazon EMR", Amazon EMR Management Guide); each type's vCPUs are
 * its {@code DefaultVCpus} from EC2's {@code DescribeInstanceTypes} ("Amazon EC2 instance type specifications",
 * Amazon EC2 Instance Types Guide), the number EC2's quotas count. EMR's own API reports twice that for some older
 * types (m4, d2, i2); EC2's figure is the one here. A type that is not listed is reported where it is used (W210),
 * and {@code capacity.instance_vcpus} in {@code emrdag.yaml} can name its vCPUs.
 */
public final class InstanceTypes {

    /** One line per instance family: the family, then each size with its vCPUs. */
    private static final String TABLE = """
            c1 medium=2 xlarge=8
            c3 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32
            c4 large=2 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=36
            c5 xlarge=4 2xlarge=8 4xlarge=16 9xlarge=36 12xlarge=48 18xlarge=72 24xlarge=96
            c5a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            c5ad xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            c5d xlarge=4 2xlarge=8 4xlarge=16 9xlarge=36 12xlarge=48 18xlarge=72 24xlarge=96
            c5n xlarge=4 2xlarge=8 4xlarge=16 9xlarge=36 18xlarge=72
            c6a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128 48xlarge=192
            c6g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            c6gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            c6gn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            c6i xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            c6id xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            c6in xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            c7a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128 48xlarge=192
            c7g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            c7gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            c7gn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            c7i xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            c7i-flex xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            c8g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            c8gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            d2 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=36
            d3 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32
            d3en xlarge=4 2xlarge=8 4xlarge=16 6xlarge=24 8xlarge=32 12xlarge=48
            f2 6xlarge=24 12xlarge=48 48xlarge=192
            g3 4xlarge=16 8xlarge=32 16xlarge=64
            g3s xlarge=4
            g4dn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            g5 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            g6 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            g6e xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            gr6 4xlarge=16 8xlarge=32
            h1 2xlarge=8 4xlarge=16 8xlarge=32 16xlarge=64
            i2 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32
            i3 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 16xlarge=64
            i3en xlarge=4 2xlarge=8 3xlarge=12 6xlarge=24 12xlarge=48 24xlarge=96
            i4g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 16xlarge=64
            i4i xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            i7i xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            i7ie xlarge=4 2xlarge=8 3xlarge=12 6xlarge=24 12xlarge=48 18xlarge=72 24xlarge=96 48xlarge=192
            i8g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            im4gn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 16xlarge=64
            is4gen xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32
            m1 medium=1 small=1 large=2 xlarge=4
            m2 xlarge=2 2xlarge=4 4xlarge=8
            m3 xlarge=4 2xlarge=8
            m4 large=2 xlarge=4 2xlarge=8 4xlarge=16 10xlarge=40 16xlarge=64
            m5 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            m5a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            m5ad xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            m5d xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            m5dn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            m5n xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            m5zn xlarge=4 2xlarge=8 3xlarge=12 6xlarge=24 12xlarge=48
            m6a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128 48xlarge=192
            m6g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            m6gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            m6i xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            m6id xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            m6idn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            m6in xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            m7a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128 48xlarge=192
            m7g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            m7gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            m7i xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            m7i-flex xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            m8g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            m8gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            p2 xlarge=4 8xlarge=32 16xlarge=64
            p3 2xlarge=8 8xlarge=32 16xlarge=64
            p4d 24xlarge=96
            p5 48xlarge=192
            r3 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32
            r4 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 16xlarge=64
            r5 xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            r5a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            r5ad xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            r5b xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            r5d xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            r5dn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            r5n xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96
            r6a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128 48xlarge=192
            r6g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            r6gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            r6i xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            r6id xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            r6idn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            r6in xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128
            r7a xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 32xlarge=128 48xlarge=192
            r7g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            r7gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            r7i xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            r7iz xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 32xlarge=128
            r8g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            r8gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            x1 16xlarge=64 32xlarge=128
            x1e xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 16xlarge=64 32xlarge=128
            x2gd xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64
            x2idn 16xlarge=64 24xlarge=96 32xlarge=128
            x2iedn xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 16xlarge=64 24xlarge=96 32xlarge=128
            x8g xlarge=4 2xlarge=8 4xlarge=16 8xlarge=32 12xlarge=48 16xlarge=64 24xlarge=96 48xlarge=192
            z1d xlarge=4 2xlarge=8 3xlarge=12 6xlarge=24 12xlarge=48
            """;

    private static final Map<String, Integer> VCPUS = parse(TABLE);

    private final Map<String, Integer> vcpus;

    private InstanceTypes(Map<String, Integer> vcpus) {
        this.vcpus = vcpus;
    }

    /** emrdag's table. */
    public static InstanceTypes builtIn() {
        return new InstanceTypes(VCPUS);
    }

    /** emrdag's table with {@code extra} (instance type → vCPUs, from {@code capacity.instance_vcpus}) on top. */
    public static InstanceTypes with(Map<String, Integer> extra) {
        if (extra.isEmpty()) {
            return builtIn();
        }
        Map<String, Integer> all = new TreeMap<>(VCPUS);
        all.putAll(extra);
        return new InstanceTypes(Collections.unmodifiableMap(all));
    }

    /** The vCPUs of {@code instanceType}, or empty when the table does not list it. */
    public OptionalInt vcpus(String instanceType) {
        Integer count = instanceType == null ? null : vcpus.get(instanceType.toLowerCase(Locale.ROOT));
        return count == null ? OptionalInt.empty() : OptionalInt.of(count);
    }

    /** Every instance type listed. */
    public Set<String> names() {
        return vcpus.keySet();
    }

    /** Whether {@code name} is an instance family of emrdag's table, such as {@code m5} or {@code c7i-flex}. */
    public static boolean isFamily(String name) {
        return VCPUS.keySet().stream().anyMatch(type -> type.startsWith(name + "."));
    }

    /** The family of an instance type: {@code r5} for {@code r5.2xlarge}. */
    public static String family(String instanceType) {
        int dot = instanceType.indexOf('.');
        return dot < 0 ? instanceType : instanceType.substring(0, dot);
    }

    private static Map<String, Integer> parse(String table) {
        Map<String, Integer> out = new TreeMap<>();
        table.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] words = line.split(" ");
            for (int i = 1; i < words.length; i++) {
                String[] size = words[i].split("=");
                out.put(words[0] + "." + size[0], Integer.parseInt(size[1]));
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
