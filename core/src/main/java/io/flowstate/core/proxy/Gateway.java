package io.flowstate.core.proxy;

import io.flowstate.core.filter.RecoveryFilter;
import io.flowstate.core.http.CancelCause;
import io.flowstate.core.http.Exchange;
import io.flowstate.core.http.Request;
import io.flowstate.core.http.Response;
import io.flowstate.core.route.RouteMatch;
import io.flowstate.core.spi.Handler;
import io.flowstate.core.time.Scheduler;
import io.flowstate.core.time.Ticker;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The handler every ingress calls: reads the current snapshot once, gives the exchange
 * its id and deadline, routes it, and runs the route's chain inside the recovery layer.
 *
 * <p>Per request it takes no lock: a volatile read of the snapshot, a CAS to push the
 * deadline timer (on the engine's own timer when the exchange has one, else the shared
 * {@link io.flowstate.core.time.TimerWheel}), and lock-free finish hooks on the exchange.
 */
public final class Gateway implements Handler {
    private static final RecoveryFilter RECOVERY = new RecoveryFilter();

    /**
     * One request's deadline, as one object: the timer's action (cancel the exchange) and the
     * finish hook that stops the timer.
     */
    private static final class Deadline implements Runnable, IntConsumer {
        private final Exchange exchange;
        /** Set before the hook is registered, so before it can run; the action does not read it. */
        Runnable stopTimer;

        Deadline(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void run() {
            exchange.cancellation().cancel(CancelCause.DEADLINE);
        }

        @Override
        public void accept(int status) {
            stopTimer.run();
        }
    }

    private volatile Snapshot snapshot;
    private final Supplier<String> ids;
    private final Ticker ticker;
    private final Scheduler timer;

    /**
     * @param timer the shared timer of request deadlines, for exchanges whose engine gives
     *              them none of their own ({@link Exchange#timer()})
     */
    public Gateway(Snapshot snapshot, Supplier<String> ids, Ticker ticker, Scheduler timer) {
        this.snapshot = snapshot;
        this.ids = ids;
        this.ticker = ticker;
        this.timer = timer;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Installs a new snapshot: requests that started keep the one they read. */
    public void swap(Snapshot next) {
        this.snapshot = next;
    }

    @Override
    public CompletionStage<Response> handle(Exchange exchange) {
        Snapshot s = snapshot;                                 // one volatile read per request
        exchange.requestId(ids.get());
        long deadline = exchange.startNanos() + s.requestTimeoutNanos();
        exchange.deadlineNanos(deadline);
        Scheduler deadlines = exchange.timer() != null ? exchange.timer() : timer;   // the engine's own, if any
        Deadline d = new Deadline(exchange);
        d.stopTimer = deadlines.scheduleAt(d, deadline, ticker);   // no clock read on a wheel of this clock
        exchange.onFinish(d);

        Request request = exchange.request();
        String target = toOriginForm(request);
        RouteMatch<CompiledRoute> match = s.router().match(request.host(), request.method(), target);
        CompiledRoute route;
        if (match == null) {
            exchange.forwardTarget(target);
            route = s.noRoute();
        } else {
            exchange.routeName(match.spec().name());
            exchange.forwardTarget(match.forwardTarget());
            route = match.value();
        }
        route.metrics().started(exchange);
        /*
         * CompletableFuture stages per request, the upstream's own not counted. A backend
         * that answered by the time send returned: one, the proxy handler's completed answer;
         * requestId and both recovery layers (the gateway's and the default stack's) hand it
         * on as it is (Stages.now). A backend that answers later: the proxy handler's three
         * per try (ProxyHandler's comment), then one per filter that acts on the response
         * (requestId's thenApply, each recovery's handle): six with the default filters.
         */
        return RECOVERY.filter(exchange, route.handler());
    }

    /**
     * RFC 9112 3.2.2: a request in absolute-form names its host in the target, and that
     * authority replaces any Host field. The proxy forwards in origin-form.
     */
    private static String toOriginForm(Request request) {
        String target = request.target();
        if (target.startsWith("/")) {
            return target;
        }
        String lower = target.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (start < 0) {
            return target;                                     // "*" or authority-form: matches no route
        }
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        request.headers().set("Host", target.substring(start, end));
        String rest = target.substring(end);
        return rest.startsWith("/") ? rest : "/" + rest;
    }
}
