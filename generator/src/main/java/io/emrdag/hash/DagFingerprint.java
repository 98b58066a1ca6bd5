package io.emrdag.hash;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        return new String(stampBytes(text), StandardCharsets.UTF_8);
    }

    /**
     * {@link #stamp} as UTF-8 bytes, the form a file is written in: encoded once, the token replaced in the bytes
     * (the fingerprint is ASCII), without a second pass over the text.
     */
    public static byte[] stampBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(bytes);
        CRC32 ieee = new CRC32();
        ieee.update(bytes);
        byte[] fingerprint = hex(castagnoli.getValue() << 16 | ieee.getValue() >>> 16);
        byte[] token = TOKEN.getBytes(StandardCharsets.US_ASCII);
        int found = indexOf(bytes, token, 0);
        if (found < 0) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        int copied = 0;
        while (found >= 0) {
            out.write(bytes, copied, found - copied);
            out.write(fingerprint, 0, fingerprint.length);
            copied = found + token.length;
            found = indexOf(bytes, token, copied);
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }

    /** The low 48 bits of {@code value} as 12 lower-case hex digits. */
    private static byte[] hex(long value) {
        byte[] out = new byte[12];
        for (int i = out.length - 1; i >= 0; i--, value >>>= 4) {
            out[i] = (byte) "0123456789abcdef".charAt((int) (value & 0xf));
        }
        return out;
    }

    /** Where {@code token} first occurs in {@code bytes} at or after {@code from}, or -1. */
    private static int indexOf(byte[] bytes, byte[] token, int from) {
        byte first = token[0];
        for (int i = from, last = bytes.length - token.length; i <= last; i++) {
            if (bytes[i] == first && Arrays.equals(bytes, i, i + token.length, token, 0, token.length)) {
                return i;
            }
        }
        return -1;
    }

    /** The fingerprint written in a generated DAG file (or in a {@code doc_md} Airflow returns), if any. */
    public static Optional<String> of(String text) {
        Matcher m = WRITTEN.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
