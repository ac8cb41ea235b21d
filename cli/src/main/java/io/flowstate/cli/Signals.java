package io.flowstate.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as events instead of JVM exit: the JVM's default turns them into an
 * exit with status 143/130 after shutdown hooks, which cannot drain first and report 0.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported), the JDK's only signal API.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> action.run());
        }
    }

    /** SIGHUP: the conventional "read your config again" (nginx, HAProxy). */
    static void onReload(Runnable action) {
        Signal.handle(new Signal("HUP"), s -> action.run());
    }
}
