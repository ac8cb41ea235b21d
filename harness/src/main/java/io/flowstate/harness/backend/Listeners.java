package io.flowstate.harness.backend;

import java.util.Arrays;

/**
 * The {@link TestBackends.Listener}s of one {@link TestBackends}: a copy-on-write array, so that
 * telling them costs a volatile read and an empty loop when there are none. A listener that
 * throws is reported to the thread's uncaught-exception handler and does not disturb the
 * backend.
 */
final class Listeners {

    private static final TestBackends.Listener[] NONE = {};

    private volatile TestBackends.Listener[] all = NONE;

    synchronized void add(TestBackends.Listener l) {
        TestBackends.Listener[] next = Arrays.copyOf(all, all.length + 1);
        next[all.length] = l;
        all = next;
    }

    synchronized void remove(TestBackends.Listener l) {
        TestBackends.Listener[] current = all;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == l) {
                TestBackends.Listener[] next = new TestBackends.Listener[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                all = next;
                return;
            }
        }
    }

    void changed(String backend, Behaviour behaviour) {
        for (TestBackends.Listener l : all) {
            try {
                l.changed(backend, behaviour);
            } catch (RuntimeException e) {
                report(e);
            }
        }
    }

    void responded(String backend, int status, boolean health) {
        for (TestBackends.Listener l : all) {
            try {
                l.responded(backend, status, health);
            } catch (RuntimeException e) {
                report(e);
            }
        }
    }

    private static void report(RuntimeException e) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }
}
