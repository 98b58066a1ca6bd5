package io.emrdag.deploy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hashes the deployer compares: SHA-256 (emrdag's manifests) and MD5 (S3's entity tag of a plain upload). */
final class ContentHash {

    private ContentHash() {
    }

    static String sha256(byte[] content) {
        return hex("SHA-256", content);
    }

    static String md5(byte[] content) {
        return hex("MD5", content);
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
