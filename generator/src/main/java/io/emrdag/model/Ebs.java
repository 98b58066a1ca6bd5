package io.emrdag.model;

/** EBS volumes attached to each instance of a group. */
public record Ebs(int sizeGb, String volumeType, int volumesPerInstance) {
}
