package io.flowstate.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {

    @Test
    void callbacksRunOnceInTheOrderTheyWereRegistered() {
        Cancellation c = new Cancellation();
        List<String> ran = new ArrayList<>();
        c.onCancel(() -> ran.add("a"));
        c.onCancel(() -> ran.add("b"));
        c.onCancel(() -> ran.add("c"));
        assertTrue(c.cancel(CancelCause.DEADLINE));
        assertFalse(c.cancel(CancelCause.CLIENT_CLOSED), "a second cancel does nothing");
        assertEquals(List.of("a", "b", "c"), ran);
        assertSame(CancelCause.DEADLINE, c.cause(), "the first cause stays");
    }

    @Test
    void anUnregisteredCallbackDoesNotRun() {
        Cancellation c = new Cancellation();
        List<String> ran = new ArrayList<>();
        Runnable unhook = c.onCancel(() -> ran.add("gone"));
        c.onCancel(() -> ran.add("kept"));
        unhook.run();
        c.cancel(CancelCause.CLIENT_CLOSED);
        assertEquals(List.of("kept"), ran);
        assertTrue(c.clientClosed());
    }

    @Test
    void aCallbackRegisteredAfterTheCancelRunsAtOnce() {
        Cancellation c = new Cancellation();
        assertNull(c.cause());
        assertFalse(c.isCancelled());
        c.cancel(CancelCause.bodyRejected(413, "body_too_large"));
        AtomicInteger ran = new AtomicInteger();
        c.onCancel(ran::incrementAndGet).run();
        assertEquals(1, ran.get());
        assertEquals(new CancelCause.BodyRejected(413, "body_too_large"), c.cause());
    }

    @Test
    void aThrowingCallbackDoesNotStopTheOthers() {
        Cancellation c = new Cancellation();
        AtomicInteger ran = new AtomicInteger();
        c.onCancel(() -> {
            throw new IllegalStateException("test: a broken callback");
        });
        c.onCancel(ran::incrementAndGet);
        c.cancel(CancelCause.DRAIN);
        assertEquals(1, ran.get());
    }

    @Test
    void racingCancelsAndRegistrationsRunEveryCallbackExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Cancellation c = new Cancellation();
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger winners = new AtomicInteger();
            int threads = 4;
            int perThread = 50;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                all.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        c.onCancel(ran::incrementAndGet);
                    }
                    if (c.cancel(CancelCause.CLIENT_CLOSED)) {
                        winners.incrementAndGet();
                    }
                }));
            }
            start.countDown();
            for (Thread t : all) {
                t.join();
            }
            assertEquals(1, winners.get(), "exactly one cancel wins");
            assertEquals(threads * perThread, ran.get(), "every callback ran once");
        }
    }

    @Test
    void aRejectedBodyIsAnswered400Or413Only() {
        assertThrows(IllegalArgumentException.class, () -> CancelCause.bodyRejected(500, "x"));
        assertEquals("request_timeout", CancelCause.DEADLINE.reason());
        assertEquals("client_closed", CancelCause.CLIENT_CLOSED.reason());
    }
}
