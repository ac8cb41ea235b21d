package io.flowstate.harness.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns X-Backend bytes into names without making a String per response: a run sees a handful
 * of backends, so the names seen are kept and found again by their bytes. Used by the I/O thread
 * only.
 */
final class BackendNames {

    /** The name counted for a response without an X-Backend value (absent or empty). */
    static final String ABSENT = "-";
    /** How many distinct names are kept; more are still counted, at one String each. */
    static final int MAX_KEPT = 256;

    private byte[][] keys = new byte[8][];
    private String[] names = new String[8];
    private int size;

    /** The name for the first {@code length} bytes of {@code bytes}; {@link #ABSENT} when length is not positive. */
    String of(byte[] bytes, int length) {
        if (length <= 0) {
            return ABSENT;
        }
        for (int i = 0; i < size; i++) {
            byte[] key = keys[i];
            if (Arrays.equals(key, 0, key.length, bytes, 0, length)) {
                return names[i];
            }
        }
        String name = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        if (size < MAX_KEPT) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                names = Arrays.copyOf(names, size * 2);
            }
            keys[size] = Arrays.copyOf(bytes, length);
            names[size] = name;
            size++;
        }
        return name;
    }
}
