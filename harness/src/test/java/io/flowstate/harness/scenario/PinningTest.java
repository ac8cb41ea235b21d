package io.flowstate.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pinned by default on two CPUs or more; unpinned when asked or on one CPU; explicit CPUs win. */
class PinningTest {

    @Test
    void twoCpusPinTheProxyToCpu1AndTheHarnessToCpu0() {
        Pinning p = Pinning.choose(null, true, CpuSet.parse("0-1"));
        assertTrue(p.pinned());
        assertEquals("1", p.proxyCpus());
        assertEquals("0", p.harnessCpus());
        assertEquals(1, p.proxyCpuCount(), "nginx worker_processes and HAProxy nbthread follow it");
        assertTrue(p.describe().startsWith("pinned: the proxy under test on CPU 1"), p.describe());
    }

    @Test
    void moreCpusLeaveAllButCpu1ToTheHarness() {
        assertEquals("0,2-7", Pinning.choose(null, true, CpuSet.parse("0-7")).harnessCpus());
    }

    @Test
    void offOrOneCpuRunsUnpinnedAndSaysWhy() {
        Pinning off = Pinning.choose(null, false, CpuSet.parse("0-3"));
        assertFalse(off.pinned());
        assertEquals(0, off.proxyCpuCount());
        assertTrue(off.describe().contains("PIN=off"), off.describe());
        Pinning one = Pinning.choose(null, true, CpuSet.parse("0"));
        assertFalse(one.pinned());
        assertTrue(one.describe().contains("one CPU"), one.describe());
    }

    @Test
    void explicitCpusWinEvenWhenNothingIsLeftForTheHarness() {
        Pinning p = Pinning.choose("0-1", true, CpuSet.parse("0-1"));
        assertEquals("0-1", p.proxyCpus());
        assertNull(p.harnessCpus());
        assertEquals(2, p.proxyCpuCount());
        assertTrue(p.describe().contains("not pinned"), p.describe());
    }
}
