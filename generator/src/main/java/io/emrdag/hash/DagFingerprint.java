package io.emrdag.hash;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * A short hash of a DAG file's own content, written into its {@code doc_md}. Airflow's REST API returns the
 * {@code doc_md} it parsed, so after a deploy emrdag can tell that Airflow runs the new version of a file, not
 * a re-parse of the old copy that MWAA has not replaced yet (its sync lags the upload by ~30 s).
 *
 * <p>A change detector, not a security measure (whoever can write the file can write any fingerprint): 48 bits
 * from two checksums of different polynomials, CRC-32C and CRC-32, so that two versions of one file match by
 * accident about once in 2.8 × 10<sup>14</sup>. Both run as CPU intrinsics even in the quick JIT tier the
 * launcher uses, which has none for SHA-256: a file's stamp costs next to nothing in a 10,000-group generate.
 */
public final class DagFingerprint {

    /** Stands in for the hash while it is computed: the hash covers the file with this token in place. */
    public static final String TOKEN = "@@emrdag-fingerprint@@";

    private static final Pattern WRITTEN = Pattern.compile("emrdag fingerprint ([0-9a-f]{12})");

    private DagFingerprint() {
    }

    /** The doc_md line that carries the fingerprint (with the token). */
    public static String docLine() {
        return "emrdag fingerprint " + TOKEN + " (`emrdag deploy --wait` checks that Airflow parsed this version).";
    }

    /**
     * {@code text} with the token replaced by 12 hex digits: the CRC-32C of {@code text}'s UTF-8 bytes, then the
     * first half of their CRC-32.
     */
    public static String stamp(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(bytes);
        CRC32 ieee = new CRC32();
        ieee.update(bytes);
        String fingerprint = String.format("%08x%04x", castagnoli.getValue(), ieee.getValue() >>> 16);
        return text.replace(TOKEN, fingerprint);
    }

    /** The fingerprint written in a generated DAG file (or in a {@code doc_md} Airflow returns), if any. */
    public static Optional<String> of(String text) {
        Matcher m = WRITTEN.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
