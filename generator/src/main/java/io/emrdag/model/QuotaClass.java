package io.emrdag.model;

import java.util.Locale;
import java.util.Optional;

/**
 * An EC2 vCPU quota class. Since 2019 EC2 limits running On-Demand instances and Spot requests per account and
 * Region by the vCPUs of an instance class, not per instance type or family: every Standard instance (A, C, D, H, I,
 * M, R, T, Z) counts against one quota, G and VT against another, and so on, each with its own Service Quotas code
 * for On-Demand and for Spot.
 *
 * <p>Source: Amazon EC2 User Guide, "Amazon EC2 instance quotas" (On-Demand Instance quotas, Spot Instance
 * quotas), and the quota codes the Service Quotas console and {@code aws service-quotas list-service-quotas
 * --service-code ec2} show for them. HPC and High Memory instances have no Spot quota (they are not offered as Spot).
 *
 * @param id the name {@code quotas:} in {@code emrdag.yaml} uses
 * @param label the class as AWS's quota names spell it
 * @param onDemandCode the "Running On-Demand … instances" quota
 * @param spotCode the "All … Spot Instance Requests" quota, or {@code null}
 */
public enum QuotaClass {
    STANDARD("standard", "Standard (A, C, D, H, I, M, R, T, Z)", "L-1216C47A", "L-34B43A08"),
    F("f", "F", "L-74FC7D96", "L-88CF9481"),
    G_AND_VT("g_and_vt", "G and VT", "L-DB2E81BA", "L-3819A6DF"),
    INF("inf", "Inf", "L-1945791B", "L-B5D1601B"),
    P("p", "P", "L-417A185B", "L-7212CCBC"),
    X("x", "X", "L-7295265B", "L-E3A00192"),
    DL("dl", "DL", "L-6E869C2A", "L-85EED4F7"),
    TRN("trn", "Trn", "L-2C3B7624", "L-6B0D517C"),
    HPC("hpc", "HPC", "L-F7808C92", null),
    HIGH_MEMORY("high_memory", "High Memory", "L-43DA4232", null);

    private final String id;
    private final String label;
    private final String onDemandCode;
    private final String spotCode;

    QuotaClass(String id, String label, String onDemandCode, String spotCode) {
        this.id = id;
        this.label = label;
        this.onDemandCode = onDemandCode;
        this.spotCode = spotCode;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The quota code of this class in {@code market}, or {@code null} when the class has no quota there. */
    public String code(Market market) {
        return market == Market.SPOT ? spotCode : onDemandCode;
    }

    /** The class an instance type's vCPUs count against, from the letters its family starts with. */
    public static QuotaClass of(String instanceType) {
        String family = instanceType.toLowerCase(Locale.ROOT);
        if (family.startsWith("u-")) {
            return HIGH_MEMORY;
        }
        for (QuotaClass prefixed : new QuotaClass[] {INF, TRN, DL, HPC}) {
            if (family.startsWith(prefixed.id)) {
                return prefixed;
            }
        }
        if (family.startsWith("vt") || family.startsWith("g")) {
            return G_AND_VT;
        }
        return family.startsWith("p") ? P : family.startsWith("x") ? X : family.startsWith("f") ? F : STANDARD;
    }

    /** The class named by its id ({@code standard}) or by its quota code in {@code market}. */
    public static Optional<QuotaClass> named(String name, Market market) {
        for (QuotaClass quotaClass : values()) {
            if (quotaClass.id.equals(name) || name.equals(quotaClass.code(market))) {
                return Optional.of(quotaClass);
            }
        }
        return Optional.empty();
    }

    /** The class whose quota code in {@code market} is {@code code}, if any. */
    public static Optional<QuotaClass> withCode(String code, Market market) {
        for (QuotaClass quotaClass : values()) {
            if (code.equals(quotaClass.code(market))) {
                return Optional.of(quotaClass);
            }
        }
        return Optional.empty();
    }
}
