package io.emrdag.hash;

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

    private static final byte[] TOKEN_BYTES = TOKEN.getBytes(StandardCharsets.US_ASCII);

    /** Per byte value, how far the token may move when that byte is under its last position (Horspool). */
    private static final int[] SHIFTS = shifts();

    private static final Pattern WRITTEN = Pattern.compile("emrdag fingerprint ([0-9a-f]{12})");

    private DagFingerprint() {
    }

    private static int[] shifts() {
        int[] shifts = new int[256];
        Arrays.fill(shifts, TOKEN_BYTES.length);
        for (int i = 0; i < TOKEN_BYTES.length - 1; i++) {
            shifts[TOKEN_BYTES[i] & 0xff] = TOKEN_BYTES.length - 1 - i;
        }
        return shifts;
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
        int found = indexOf(bytes, 0);
        if (found < 0) {
            return bytes;
        }
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(bytes);
        CRC32 ieee = new CRC32();
        ieee.update(bytes);
        byte[] fingerprint = hex(castagnoli.getValue() << 16 | ieee.getValue() >>> 16);
        int[] at = new int[4];
        int count = 0;
        while (found >= 0) {
            if (count == at.length) {
                at = Arrays.copyOf(at, count * 2);
            }
            at[count++] = found;
            found = indexOf(bytes, found + TOKEN_BYTES.length);
        }
        byte[] out = new byte[bytes.length - count * (TOKEN_BYTES.length - fingerprint.length)];
        int copied = 0;
        int written = 0;
        for (int i = 0; i < count; i++) {
            int length = at[i] - copied;
            System.arraycopy(bytes, copied, out, written, length);
            written += length;
            System.arraycopy(fingerprint, 0, out, written, fingerprint.length);
            written += fingerprint.length;
            copied = at[i] + TOKEN_BYTES.length;
        }
        System.arraycopy(bytes, copied, out, written, bytes.length - copied);
        return out;
    }

    /** The low 48 bits of {@code value} as 12 lower-case hex digits. */
    private static byte[] hex(long value) {
        byte[] out = new byte[12];
        for (int i = out.length - 1; i >= 0; i--, value >>>= 4) {
            out[i] = (byte) "0123456789abcdef".charAt((int) (value & 0xf));
        }
        return out;
    }

    /**
     * Where the token first occurs in {@code bytes} at or after {@code from}, or -1. Horspool's search: the byte under the
     * token's last position says how far the token can move on, mostly its whole length, since most bytes of a DAG file
     * are not in it. The quick JIT tier compiles a byte-by-byte loop as it is, and a file is some 10 KB.
     */
    private static int indexOf(byte[] bytes, int from) {
        byte[] token = TOKEN_BYTES;
        int last = token.length - 1;
        for (int i = from, end = bytes.length - token.length; i <= end; ) {
            byte b = bytes[i + last];
            if (b == token[last] && Arrays.equals(bytes, i, i + last, token, 0, last)) {
                return i;
            }
            i += SHIFTS[b & 0xff];
        }
        return -1;
    }

    /** The fingerprint written in a generated DAG file (or in a {@code doc_md} Airflow returns), if any. */
    public static Optional<String> of(String text) {
        Matcher m = WRITTEN.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
