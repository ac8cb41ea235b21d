package io.flowstate.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ExchangeTest {

    private static Exchange exchange() {
        return new Exchange(new Request("GET", "/", new HeaderFields(), Body.empty()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), "http", 0L);
    }

    @Test
    void finishHooksRunOnceInTheOrderRegistered() {
        Exchange e = exchange();
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            e.onFinish(status -> ran.add(n + ":" + status));
        }
        e.observe((x, status) -> ran.add("observer:" + status));
        e.finish(204);
        e.finish(500);
        assertEquals(List.of("observer:204", "0:204", "1:204", "2:204", "3:204", "4:204"), ran);
    }

    @Test
    void aHookRegisteredAfterTheFinishRunsAtOnceWithTheStatus() {
        Exchange e = exchange();
        List<Integer> ran = new ArrayList<>();
        e.finish(499);
        e.onFinish(ran::add);
        e.onFinish(ran::add);
        e.onFinish(ran::add);
        assertEquals(List.of(499, 499, 499), ran);
    }

    @Test
    void aThrowingHookDoesNotStopTheOthers() {
        Exchange e = exchange();
        List<Integer> ran = new ArrayList<>();
        e.onFinish(status -> {
            throw new IllegalStateException("a broken hook (expected in this test)");
        });
        e.onFinish(ran::add);
        e.onFinish(ran::add);
        e.finish(200);
        assertEquals(List.of(200, 200), ran);
    }

    @Test
    void hooksRegisteredWhileAnotherThreadFinishesEachRunExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Exchange e = exchange();
            int hooks = 8;
            AtomicIntegerArray runs = new AtomicIntegerArray(hooks);
            CountDownLatch go = new CountDownLatch(1);
            Thread registering = Thread.ofPlatform().start(() -> {
                await(go);
                for (int i = 0; i < hooks; i++) {
                    int n = i;
                    e.onFinish(status -> runs.incrementAndGet(n));
                }
            });
            Thread finishing = Thread.ofPlatform().start(() -> {
                await(go);
                e.finish(200);
            });
            go.countDown();
            registering.join();
            finishing.join();
            for (int i = 0; i < hooks; i++) {
                assertEquals(1, runs.get(i), "hook " + i + " in round " + round);
            }
        }
    }

    @Test
    void byteCountsAdd() {
        Exchange e = exchange();
        e.addRequestBytes(10);
        e.addRequestBytes(5);
        e.addResponseBytes(7);
        assertEquals(15, e.requestBytes());
        assertEquals(7, e.responseBytes());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
