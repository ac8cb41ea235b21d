package io.flowstate.harness.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A listener that lets a test wait until a backend has counted {@code n} responses: a client
 * can read a response before the backend's thread has counted it, so reading {@code served()}
 * right after the last response would race.
 */
final class Counted implements TestBackends.Listener {
    private final String backend;
    private final CountDownLatch latch;

    Counted(String backend, int n) {
        this.backend = backend;
        this.latch = new CountDownLatch(n);
    }

    @Override
    public void responded(String name, int status, boolean health) {
        if (name.equals(backend)) {
            latch.countDown();
        }
    }

    void await() throws InterruptedException {
        assertTrue(latch.await(RawClient.SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS),
                "responses still uncounted: " + latch.getCount());
    }
}
