package io.flowstate.engine.jdk;

import io.flowstate.core.http1.RequestHead;

/** A head the guard validated and passed to HttpServer, waiting for its handler. */
record PendingHead(RequestHead head, long startNanos) {
}
