package io.emrdag.deploy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The deployer's own hash besides {@link io.emrdag.hash.Sha256}: MD5, S3's entity tag of a plain upload and its
 * {@code Content-MD5} header.
 */
final class ContentHash {

    private ContentHash() {
    }

    static String md5(byte[] content) {
        return HexFormat.of().formatHex(md5Digest(content));
    }

    /** The {@code Content-MD5} header's value: the digest in base64. */
    static String md5Base64(byte[] content) {
        return Base64.getEncoder().encodeToString(md5Digest(content));
    }

    private static byte[] md5Digest(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
