package io.flowstate.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JIT compile count, read from a perf-data file, agrees with what jcmd prints. */
class JitCounterTest {

    @Test
    void thePerfDataFileGivesThisJvmsCompileCountAsJcmdDoes() {
        long pid = ProcessHandle.current().pid();
        JitCounter counter = JitCounter.of(pid);
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        long before = HsPerfData.read(file, JitCounter.COUNTER);
        long viaJcmd = Jcmd.perfCounter(pid, JitCounter.COUNTER);
        long after = counter.totalCompiles();

        assertTrue(before > 0, "this JVM has compiled something, and its perf-data file says so: " + before);
        assertTrue(viaJcmd >= before && after >= viaJcmd,
                "the count only grows: file " + before + ", then jcmd " + viaJcmd + ", then file " + after);
    }

    @Test
    void findsALongCounterAmongEntriesInEitherByteOrder() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer file = perfData(order, new String[] {"sun.ci.other", JitCounter.COUNTER}, new long[] {7, 4242});
            assertEquals(4242, HsPerfData.parse(file, JitCounter.COUNTER), order.toString());
            assertEquals(7, HsPerfData.parse(file, "sun.ci.other"), order.toString());
            assertEquals(-1, HsPerfData.parse(file, "sun.ci.absent"), order.toString());
        }
    }

    @Test
    void anythingButAPerfDataFileReadsAsUnknown(@TempDir Path dir) throws Exception {
        assertEquals(-1, HsPerfData.parse(ByteBuffer.wrap(new byte[64]), JitCounter.COUNTER), "no magic");
        assertEquals(-1, HsPerfData.parse(ByteBuffer.wrap(new byte[3]), JitCounter.COUNTER), "too short");
        assertEquals(-1, HsPerfData.read(dir.resolve("absent"), JitCounter.COUNTER), "no file");
        assertEquals(-1, JitCounter.none().totalCompiles());
    }

    @Test
    void readsJcmdsPerfCounterLines() {
        String out = "12345:\nsun.ci.lastMethod=\"x\"\nsun.ci.totalCompiles=981\nsun.ci.totalCompilesX=1\n";
        assertEquals(981, Jcmd.parse(out, JitCounter.COUNTER));
        assertEquals(-1, Jcmd.parse("12345:\n", JitCounter.COUNTER));
    }

    /** A perf-data file with long scalar entries, laid out as HotSpot does. */
    private static ByteBuffer perfData(ByteOrder order, String[] names, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(order);
        b.order(ByteOrder.BIG_ENDIAN).putInt(0, HsPerfData.MAGIC).order(order);
        b.put(4, (byte) (order == ByteOrder.BIG_ENDIAN ? 0 : 1)).put(5, (byte) 2).put(6, (byte) 0);
        b.putInt(24, 32).putInt(28, names.length);
        int at = 32;
        for (int i = 0; i < names.length; i++) {
            byte[] name = (names[i] + "\0").getBytes(StandardCharsets.US_ASCII);
            int nameOffset = 20;
            int dataOffset = (nameOffset + name.length + 7) / 8 * 8;
            int length = dataOffset + 8;
            b.putInt(at, length).putInt(at + 4, nameOffset).putInt(at + 8, 0).put(at + 12, (byte) 'J')
                    .putInt(at + 16, dataOffset);
            b.put(at + nameOffset, name);
            b.putLong(at + dataOffset, values[i]);
            at += length;
        }
        return b;
    }
}
