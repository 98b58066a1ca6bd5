package io.emrdag.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short hash of a DAG file's own content, written into its {@code doc_md}. Airflow's REST API returns the
 * {@code doc_md} it parsed, so after a deploy emrdag can tell that Airflow runs the new version of a file, not
 * a re-parse of the old copy that MWAA has not replaced yet (its sync lags the upload by ~30 s).
 */
public final class DagFingerprint {

    /** Stands in for the hash while it is computed: the hash covers the file with this token in place. */
    static final String TOKEN = "@@emrdag-fingerprint@@";

    private static final Pattern WRITTEN = Pattern.compile("emrdag fingerprint ([0-9a-f]{12})");

    private DagFingerprint() {
    }

    /** The doc_md line that carries the fingerprint (with the token). */
    static String docLine() {
        return "emrdag fingerprint " + TOKEN + " (`emrdag deploy --wait` checks that Airflow parsed this version).";
    }

    /** {@code text} with the token replaced by the first 12 hex digits of the SHA-256 of {@code text}. */
    static String stamp(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return text.replace(TOKEN, HexFormat.of().formatHex(hash).substring(0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The fingerprint written in a generated DAG file (or in a {@code doc_md} Airflow returns), if any. */
    public static Optional<String> of(String text) {
        Matcher m = WRITTEN.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
