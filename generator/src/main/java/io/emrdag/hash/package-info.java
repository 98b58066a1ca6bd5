/**
 * Content hashes every stage may use without depending on another: {@link io.emrdag.hash.Sha256} for manifests,
 * cache and deploy, {@link io.emrdag.hash.DagFingerprint} for the version stamp that render writes and deploy reads.
 */
package io.emrdag.hash;
