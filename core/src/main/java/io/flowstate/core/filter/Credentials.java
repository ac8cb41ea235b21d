package io.flowstate.core.filter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A set of secret tokens that a presented credential is checked against without the time
 * of the check telling anything about the tokens.
 *
 * <p>Each token is kept only as its SHA-256 digest. A presented credential is digested, then
 * compared with every digest by {@link MessageDigest#isEqual}, whose time depends only on
 * the length of its first argument (always 32 bytes here), and the loop does not stop at a
 * match. So the time does not depend on how long the tokens are, on how many leading
 * characters a guess gets right, or on which token matched; it grows with the number of
 * tokens, which is not secret. Hashing first is what makes the lengths equal: a constant-time
 * comparison of the raw strings (Go's {@code crypto/subtle.ConstantTimeCompare}, say) returns
 * at once when the lengths differ, and so tells the secret's length.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows only the count.
 */
public final class Credentials {
    private final byte[][] digests;

    /** @param tokens at least one */
    public Credentials(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no tokens");
        }
        this.digests = new byte[tokens.size()][];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = sha256(tokens.get(i));
        }
    }

    /** Whether {@code presented} is one of the tokens, exactly. */
    public boolean matches(String presented) {
        byte[] digest = sha256(presented);
        boolean found = false;
        for (byte[] d : digests) {
            found |= MessageDigest.isEqual(d, digest);      // no early exit: every token costs the same
        }
        return found;
    }

    int size() {
        return digests.length;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return digests.length + " credential(s)";
    }
}
