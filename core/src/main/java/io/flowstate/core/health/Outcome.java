package io.flowstate.core.health;

import io.flowstate.core.spi.UpstreamException;

/**
 * How one try to an endpoint ended, as health, outlier detection and breakers judge it.
 * Local-origin failures (the proxy could not talk to the backend) are told apart from
 * upstream ones (the backend answered 5xx), after Envoy's {@code outlier_detection.h}.
 */
public enum Outcome {
    /** A response head with a status below 500. */
    SUCCESS,
    /** A 5xx answer other than 502, 503 and 504. */
    SERVER_ERROR,
    /** A 502, 503 or 504 answer: a gateway failure further upstream. */
    GATEWAY_ERROR,
    /** The connection was refused or did not open in time. Local origin. */
    CONNECT_FAILURE,
    /** The connection broke, or the answer was not HTTP, before a complete response head. Local origin. */
    RESET,
    /** The response head did not arrive within the try's timeout. Local origin. */
    TIMEOUT,
    /** The client left or the request deadline passed: says nothing about the endpoint. */
    CANCELLED,
    /**
     * The engine could not send the request at all ({@link UpstreamException.Kind#UNSENDABLE}):
     * nothing reached the endpoint, so it says nothing about it.
     */
    NOT_SENT;

    /** The outcome of a try that got a response head with {@code status}. */
    public static Outcome ofStatus(int status) {
        if (status == 502 || status == 503 || status == 504) {
            return GATEWAY_ERROR;
        }
        return status >= 500 ? SERVER_ERROR : SUCCESS;
    }

    /** The outcome of a try that failed before its response head. */
    public static Outcome of(UpstreamException.Kind kind) {
        return switch (kind) {
            case CONNECT_FAILED, CONNECT_TIMEOUT -> CONNECT_FAILURE;
            case RESET, PROTOCOL -> RESET;
            case RESPONSE_TIMEOUT -> TIMEOUT;
            case UNSENDABLE -> NOT_SENT;
        };
    }

    /** Connect failure, reset or timeout: the proxy could not get an answer. */
    public boolean isLocalOrigin() {
        return this == CONNECT_FAILURE || this == RESET || this == TIMEOUT;
    }

    /** The backend answered with a 5xx status. */
    public boolean isUpstream5xx() {
        return this == SERVER_ERROR || this == GATEWAY_ERROR;
    }

    /** Anything but a success, a cancellation or a request never sent. */
    public boolean isFailure() {
        return this != SUCCESS && !saysNothing();
    }

    /** A cancelled try or one never sent: no news of the endpoint at all. */
    public boolean saysNothing() {
        return this == CANCELLED || this == NOT_SENT;
    }
}
