package io.flowstate.core.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * What a stage holds already, for the code that would otherwise add a stage to read it.
 *
 * <p>Why: when the backend (or a filter) answers at once, every {@code thenApply} and
 * {@code handle} on the way back is one more {@link CompletableFuture} and lambda per
 * request that only hands the response on. The proxy path asks {@link #now} first and
 * acts on the response in place when it is there; otherwise it adds the stage as before,
 * and the two ways run the same code on the same values. An ingress may ask too, to write a
 * response the gateway made without waiting (a 404, say) on the thread that read the head.
 */
public final class Stages {

    private Stages() {
    }

    /**
     * The value {@code stage} completed with, if it is a plain {@link CompletableFuture} that
     * has completed normally with a non-null value already; else null (not done yet, failed,
     * cancelled, completed with null, or a stage of another kind, which may not say). Never
     * blocks, never throws.
     */
    public static <T> T now(CompletionStage<T> stage) {
        // Exactly CompletableFuture: a subclass (minimalCompletionStage's, say) may refuse
        // state() and resultNow().
        if (stage != null && stage.getClass() == CompletableFuture.class) {
            CompletableFuture<T> f = (CompletableFuture<T>) stage;
            if (f.state() == Future.State.SUCCESS) {
                return f.resultNow();
            }
        }
        return null;
    }
}
