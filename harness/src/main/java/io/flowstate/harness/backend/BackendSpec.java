package io.flowstate.harness.backend;

import io.flowstate.core.json.Json;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One test backend to start: its name and its initial behaviour.
 *
 * @param name      sent in every response as {@code X-Backend}, so 1 to 64 chars of letters, digits,
 *                  {@code .}, {@code _}, {@code -} and {@code ~}; unique within one {@link TestBackends}
 * @param behaviour what it does at start
 */
public record BackendSpec(String name, Behaviour behaviour) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    /** @throws IllegalArgumentException when the name is not as documented */
    public BackendSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(behaviour, "behaviour");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("backend name " + Json.quote(name)
                    + " must be 1 to 64 letters, digits, '.', '_', '-' or '~'");
        }
    }

    /** A backend with {@link Behaviour#DEFAULT}. */
    public static BackendSpec of(String name) {
        return new BackendSpec(name, Behaviour.DEFAULT);
    }
}
