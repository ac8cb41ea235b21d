package io.flowstate.core.admin;

import io.flowstate.core.json.JsonArray;
import io.flowstate.core.json.JsonObject;
import io.flowstate.core.json.JsonOut;
import io.flowstate.core.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/config}: the running config as written, with every secret replaced by
 * {@value #REDACTED}. A secret is the value of any member whose key names one ({@code token},
 * {@code tokens}, {@code password}, {@code secret}, {@code apiKey}, {@code key} of an auth
 * filter...), compared without case; file names ({@code tokenFile}, {@code tokensFile}) stay,
 * their contents are never read here.
 */
final class Redaction {
    static final String REDACTED = "[redacted]";
    static final Set<String> SECRET_KEYS = Set.of("token", "tokens", "password", "secret", "secrets", "apikey",
            "apikeys", "credentials");

    private Redaction() {
    }

    static String json(JsonValue document) {
        JsonOut out = new JsonOut();
        write(document, out);
        return out.toString();
    }

    private static void write(JsonValue v, JsonOut out) {
        if (v instanceof JsonObject o) {
            out.object();
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                out.key(e.getKey());
                if (SECRET_KEYS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    out.value(REDACTED);
                } else {
                    write(e.getValue(), out);
                }
            }
            out.end();
        } else if (v instanceof JsonArray a) {
            out.array();
            for (int i = 0; i < a.size(); i++) {
                write(a.get(i), out);
            }
            out.end();
        } else {
            out.raw(v);
        }
    }
}
