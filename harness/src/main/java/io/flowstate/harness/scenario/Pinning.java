package io.flowstate.harness.scenario;

/**
 * Which CPUs the proxies under test and the harness (load generator and backends) run on.
 *
 * <p>Pinned is the default where the machine has at least two CPUs: every proxy under test
 * (each FlowState engine, nginx with {@code worker_processes} equal to its CPU count, HAProxy
 * with {@code nbthread} likewise) gets {@link #DEFAULT_PROXY_CPUS}, and the harness the CPUs
 * left, so that every proxy gets the same CPU and neither side steals the other's time. A row
 * then says what one CPU buys. Unpinned (asked for, or a one-CPU machine), every process may
 * run anywhere and a JVM sizes itself for the whole machine.
 *
 * @param proxyCpus   the proxies' CPUs as {@code taskset -c} takes them, or null when unpinned
 * @param harnessCpus the harness's CPUs, or null when it is not pinned (unpinned, no CPU left,
 *                    or {@code taskset} failed)
 * @param why         how the mode was chosen, for the report
 */
public record Pinning(String proxyCpus, String harnessCpus, String why) {
    /** The proxies' CPU in the default pinned mode: CPU 1, leaving CPU 0 to the harness on a 2-CPU machine. */
    public static final String DEFAULT_PROXY_CPUS = "1";

    public boolean pinned() {
        return proxyCpus != null;
    }

    /** How many CPUs the proxies may use, or 0 when unpinned. */
    public int proxyCpuCount() {
        return proxyCpus == null ? 0 : CpuSet.parse(proxyCpus).count();
    }

    /**
     * The mode for this run.
     *
     * @param explicit the CPUs asked for ({@code --proxy-cpus}), or null
     * @param wanted   false when unpinned was asked for ({@code PIN=off})
     * @param online   this machine's CPUs
     */
    public static Pinning choose(String explicit, boolean wanted, CpuSet online) {
        if (explicit != null) {
            CpuSet proxy = CpuSet.parse(explicit);
            CpuSet rest = online.minus(proxy);
            return new Pinning(proxy.toString(), rest == null ? null : rest.toString(), "--proxy-cpus " + explicit);
        }
        if (!wanted) {
            return new Pinning(null, null, "unpinned as asked (PIN=off)");
        }
        if (online.count() < 2) {
            return new Pinning(null, null, "unpinned: this machine has one CPU");
        }
        CpuSet proxy = CpuSet.parse(DEFAULT_PROXY_CPUS);
        CpuSet rest = online.minus(proxy);
        return new Pinning(DEFAULT_PROXY_CPUS, rest == null ? null : rest.toString(),
                "the default on a machine with " + online.count() + " CPUs; PIN=off runs unpinned");
    }

    /** Pins this process to {@link #harnessCpus}; the mode as it then is (harness unpinned if that failed). */
    public Pinning applyToThisProcess() {
        if (harnessCpus == null || CpuSet.pinThisProcess(CpuSet.parse(harnessCpus))) {
            return this;
        }
        return new Pinning(proxyCpus, null, why + "; pinning the harness with taskset failed");
    }

    /** One line for the report and the progress output. */
    public String describe() {
        if (!pinned()) {
            return "unpinned: proxies, load generator and backends may run on any CPU (" + why + ")";
        }
        return "pinned: the proxy under test on CPU " + proxyCpus + ", the load generator and backends on "
                + (harnessCpus == null ? "any CPU (not pinned)" : "CPU " + harnessCpus) + " (" + why + ")";
    }
}
