package io.flowstate.core.http;

/**
 * Sees an exchange end: the one slot the gateway fills with its route's metrics, so that
 * recording them needs no hook allocated per request. Called once, on the thread that
 * finishes the exchange, before the other finish hooks; must be quick and must not throw.
 */
@FunctionalInterface
public interface ExchangeObserver {

    /** @param status the final status; 499 when the client went away */
    void finished(Exchange exchange, int status);
}
