package org.openrom.cli.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * File names for per-patient and per-group outputs: a readable slug of the id plus a short hash of the whole id,
 * so that two ids never share a file ({@code Søren} and {@code Særen}, {@code a/b} and {@code a_b}) and no id can
 * steer the path ({@code ../x}, {@code javascript:}).
 */
public final class FileNames {
    private FileNames() {
    }

    /**
     * @param id a patient or group id
     * @return {@code slug-hash}: at most 40 characters of {@code [A-Za-z0-9_-]} (accents dropped), a dash, and the
     *     first 10 hex digits of the SHA-256 of the id's UTF-8 bytes
     */
    public static String of(String id) {
        String ascii = Normalizer.normalize(id, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.replaceAll("[^A-Za-z0-9_-]+", "_");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40);
        }
        return slug + "-" + HexFormat.of().formatHex(sha256(id.getBytes(StandardCharsets.UTF_8)), 0, 5);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
