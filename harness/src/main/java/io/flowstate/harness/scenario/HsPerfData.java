package io.flowstate.harness.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one long counter from a HotSpot performance-data file, {@code /tmp/hsperfdata_USER/PID}
 * (absent when the JVM runs with {@code -XX:-UsePerfData}).
 *
 * <p>The layout (HotSpot's {@code perfMemory.hpp}, version 2.0): a 32-byte prologue (magic
 * {@code 0xcafec0c0} big-endian, a byte-order byte (0 big-endian, 1 little), major and minor
 * version, an accessible flag, used, overflow, a modification time stamp, the offset of the
 * first entry, the number of entries), then the entries, each with its length, the offset of
 * its NUL-terminated name, its vector length (0 for a scalar), its type ({@code 'J'} for a
 * long), flags, units, variability, and the offset of its data; offsets count from the start
 * of the entry. The JVM updates values in place, so a read may see a value a moment old, never
 * a torn entry list (entries are only appended, and {@code used} bounds them).
 */
final class HsPerfData {
    static final int MAGIC = 0xcafec0c0;
    private static final int PROLOGUE_BYTES = 32;

    private HsPerfData() {
    }

    /** The value of the long counter {@code name} in {@code file}, or -1 when absent or unreadable. */
    static long read(Path file, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return -1;
        }
        return parse(ByteBuffer.wrap(bytes), name);
    }

    /** As {@link #read}, from the file's bytes. */
    static long parse(ByteBuffer buffer, String name) {
        if (buffer.remaining() < PROLOGUE_BYTES || buffer.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            return -1;
        }
        buffer.order(buffer.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entryOffset = buffer.getInt(24);
        int entries = buffer.getInt(28);
        int at = entryOffset;
        for (int i = 0; i < entries && at >= 0 && at + 20 <= buffer.limit(); i++) {
            int length = buffer.getInt(at);
            int nameOffset = buffer.getInt(at + 4);
            int vectorLength = buffer.getInt(at + 8);
            byte type = buffer.get(at + 12);
            int dataOffset = buffer.getInt(at + 16);
            if (length <= 0) {
                return -1;
            }
            if (type == 'J' && vectorLength == 0 && name.equals(cString(buffer, at + nameOffset))
                    && at + dataOffset + 8 <= buffer.limit()) {
                return buffer.getLong(at + dataOffset);
            }
            at += length;
        }
        return -1;
    }

    private static String cString(ByteBuffer buffer, int from) {
        int end = from;
        while (end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        byte[] name = new byte[end - from];
        buffer.get(from, name);
        return new String(name, StandardCharsets.US_ASCII);
    }
}
