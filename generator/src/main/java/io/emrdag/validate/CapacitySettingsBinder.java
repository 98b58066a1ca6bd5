package io.emrdag.validate;

import io.emrdag.capacity.InstanceTypes;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.MapNode;
import io.emrdag.model.CapacitySettings;
import io.emrdag.model.Market;
import io.emrdag.model.QuotaClass;
import io.emrdag.model.Quotas;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Binds the {@code capacity:} and {@code quotas:} sections of {@code emrdag.yaml}: how the fleet is estimated (cluster
 * start-up, the run time of steps without an expected duration, the price table, vCPUs of instance types emrdag does
 * not know) and the limits it is checked against.
 */
public final class CapacitySettingsBinder {

    /** A price table: a CSV file, so that it can sit in the project folder without being read as a job group. */
    static final Pattern PRICE_FILE = Pattern.compile("[^\\n]{1,250}\\.csv");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /** The largest EC2 instance has 896 vCPUs (u7in-32tb.224xlarge); leave room for what comes. */
    static final int MAX_INSTANCE_VCPUS = 4096;
    static final int MAX_QUOTA = 100_000_000;

    private CapacitySettingsBinder() {
    }

    /** {@code null} sections give the defaults. */
    public static CapacitySettings bind(Fields capacity, Fields quotas) {
        CapacitySettings defaults = CapacitySettings.DEFAULTS;
        Quotas limits = quotas == null ? Quotas.NONE : quotas(quotas);
        if (capacity == null) {
            return new CapacitySettings(defaults.clusterStartup(), defaults.defaultStepDuration(), null, defaults.currency(),
                    Map.of(), limits);
        }
        Duration startup = capacity.duration("cluster_startup", defaults.clusterStartup(), Duration.ZERO, Duration.ofHours(2));
        Duration step = capacity.duration("default_step_duration", defaults.defaultStepDuration(), Duration.ofSeconds(1),
                Duration.ofDays(30));
        String prices = capacity.matching("prices", null, PRICE_FILE, "the path of a .csv price table",
                "a file of 'instance_type,on_demand,spot' lines, relative to the project folder, e.g. prices: prices.csv");
        String currency = capacity.matching("currency", defaults.currency(), CURRENCY, "an ISO 4217 currency code", "e.g. USD or EUR");
        Map<String, Integer> vcpus = new TreeMap<>();
        Fields types = capacity.map("instance_vcpus");
        if (types != null) {
            for (MapNode.Member member : members(capacity, "instance_vcpus")) {
                int count = types.integer(member.key(), -1, 1, MAX_INSTANCE_VCPUS);
                if (!Shapes.INSTANCE_TYPE.matcher(member.key()).matches()) {
                    capacity.diagnostics().error("E103", member.keyLocation(), types.pathOf(member.key()),
                            "expected an EC2 instance type like m5.xlarge, got \"" + Diagnostic.excerpt(member.key()) + "\"", null);
                } else if (count > 0) {
                    vcpus.put(member.key(), count);
                }
            }
            types.finish();
        }
        capacity.finish();
        return new CapacitySettings(startup, step, prices, currency, vcpus, limits);
    }

    private static Quotas quotas(Fields fields) {
        Integer clusters = fields.has("clusters") ? positive(fields, "clusters") : null;
        Integer instances = fields.has("instances") ? positive(fields, "instances") : null;
        Map<QuotaClass, Integer> onDemand = vcpuQuotas(fields, "on_demand_vcpus", Market.ON_DEMAND);
        Map<QuotaClass, Integer> spot = vcpuQuotas(fields, "spot_vcpus", Market.SPOT);
        fields.finish();
        return new Quotas(clusters, instances, onDemand, spot);
    }

    private static Integer positive(Fields fields, String key) {
        int value = fields.integer(key, -1, 1, MAX_QUOTA);
        return value < 0 ? null : value;
    }

    /** {@code standard: 640} or {@code L-1216C47A: 640}: vCPUs per EC2 quota class, named by its id or its code. */
    private static Map<QuotaClass, Integer> vcpuQuotas(Fields parent, String key, Market market) {
        Fields fields = parent.map(key);
        if (fields == null) {
            return Map.of();
        }
        Map<QuotaClass, Integer> out = new EnumMap<>(QuotaClass.class);
        for (MapNode.Member member : members(parent, key)) {
            int vcpus = fields.integer(member.key(), -1, 0, MAX_QUOTA);
            Optional<QuotaClass> named = QuotaClass.named(member.key(), market);
            if (named.isEmpty()) {
                parent.diagnostics().error("E144", member.keyLocation(), fields.pathOf(member.key()),
                        "'" + Diagnostic.excerpt(member.key()) + "' is not an EC2 " + market.label() + " vCPU quota",
                        quotaHint(member.key(), market));
            } else if (named.get().code(market) == null) {
                parent.diagnostics().error("E144", member.keyLocation(), fields.pathOf(member.key()),
                        "EC2 has no " + market.label() + " quota for " + named.get().label() + " instances", "they are not offered as Spot;"
                        + " set their quota under on_demand_vcpus");
            } else if (out.containsKey(named.get())) {
                parent.diagnostics().error("E144", member.keyLocation(), fields.pathOf(member.key()),
                        "the " + named.get().label() + " quota is given twice (by its name and by its code)", "keep one of them");
            } else if (vcpus >= 0) {
                out.put(named.get(), vcpus);
            }
        }
        fields.finish();
        return out;
    }

    /** What a wrong quota key most likely meant: the other market's code, an instance family, or a typo. */
    static String quotaHint(String key, Market market) {
        Market other = market == Market.SPOT ? Market.ON_DEMAND : Market.SPOT;
        Optional<QuotaClass> otherMarket = QuotaClass.withCode(key, other);
        String otherKey = market == Market.SPOT ? "on_demand_vcpus" : "spot_vcpus";
        if (otherMarket.isPresent()) {
            return key + " is the " + other.label() + " quota of class " + otherMarket.get().id() + ": put it under " + otherKey;
        }
        if (InstanceTypes.isFamily(key)) {
            QuotaClass quotaClass = QuotaClass.of(key);
            return "EC2 counts vCPUs per instance class, not per family: " + key + " counts against '" + quotaClass.id() + "' ("
                    + quotaClass.code(market) + ")";
        }
        List<String> names = Arrays.stream(QuotaClass.values()).map(QuotaClass::id).toList();
        Optional<String> typo = DidYouMean.suggest(key, names);
        if (typo.isPresent()) {
            return "did you mean '" + typo.get() + "'?";
        }
        return "use a class (" + String.join(", ", names) + ") or its quota code, e.g. standard or " + QuotaClass.STANDARD.code(market);
    }

    /** The members of the mapping under {@code key} ({@code parent.map(key)} has checked that it is one). */
    private static Collection<MapNode.Member> members(Fields parent, String key) {
        return parent.raw(key) instanceof MapNode map ? map.members().values() : List.of();
    }
}
