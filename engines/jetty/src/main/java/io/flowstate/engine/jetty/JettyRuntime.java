package io.flowstate.engine.jetty;

import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What the Jetty engine's server and client share, sized for the CPUs the process may use:
 * one thread pool, one scheduler, one buffer pool, and the selector count
 * ({@code transport.eventLoops}, by default one per CPU).
 *
 * <p>Why: Jetty's defaults are sized for a servlet container (a 200-thread pool for the
 * server and another for the client: 306 threads were counted on one pinned CPU), and on a
 * CPU or two those threads mostly wait to be scheduled. The handler and the client's
 * callbacks never block, so they run in the selector threads where Jetty allows it, and a
 * few workers do the rest: {@link #MIN_THREADS} plus {@link #THREADS_PER_SELECTOR} for each
 * selector of the server and of the client.
 *
 * <p>Started by the upstream (which the server makes first) and stopped when it closes,
 * after every listener: the server and client take these as beans that are already running,
 * which Jetty leaves to their owner.
 */
final class JettyRuntime implements AutoCloseable {
    /** Workers besides those for the selectors. */
    static final int MIN_THREADS = 8;
    /** Threads per selector (the selector itself, an acceptor's share, and a worker). */
    static final int THREADS_PER_SELECTOR = 3;

    final int selectors;
    final QueuedThreadPool threads;
    final Scheduler scheduler;
    final ByteBufferPool buffers;

    JettyRuntime(int selectors) {
        this.selectors = selectors;
        int max = MIN_THREADS + 2 * selectors * THREADS_PER_SELECTOR;
        threads = new QueuedThreadPool(max, Math.min(max, 2 * selectors + 2));
        threads.setName("flowstate-jetty");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        scheduler = new ScheduledExecutorScheduler("flowstate-jetty-scheduler", true);
        buffers = new ArrayByteBufferPool();
        try {
            threads.start();
            scheduler.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start Jetty's threads: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            scheduler.stop();
        } catch (Exception ignored) {
            // stopping is best effort
        }
        try {
            threads.stop();
        } catch (Exception ignored) {
            // stopping is best effort
        }
    }
}
