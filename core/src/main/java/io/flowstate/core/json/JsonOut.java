package io.flowstate.core.json;

/**
 * Writes compact JSON text in one pass, for views and log lines: objects and arrays opened
 * and closed in order, commas placed by the writer. Strings go through {@link Json#quote}.
 *
 * <pre>{@code
 * String s = new JsonOut().object().field("status", 200).field("reason", "ok").end().toString();
 * }</pre>
 *
 * <p>Not thread-safe; one writer per text. Misuse (a value where a key belongs, an
 * {@code end()} without an open container) fails with {@link IllegalStateException}.
 */
public final class JsonOut {
    private final StringBuilder out;
    /** One entry per open container: whether it has a member yet; bit 62 set for an object. */
    private final long[] stack = new long[Json.MAX_DEPTH];
    private int depth;
    private boolean keyWritten;

    public JsonOut() {
        this(new StringBuilder(256));
    }

    public JsonOut(StringBuilder out) {
        this.out = out;
    }

    public JsonOut object() {
        beforeValue();
        out.append('{');
        push(true);
        return this;
    }

    public JsonOut array() {
        beforeValue();
        out.append('[');
        push(false);
        return this;
    }

    /** Closes the innermost object or array. */
    public JsonOut end() {
        if (depth == 0 || keyWritten) {
            throw new IllegalStateException("end() with nothing open or after a key");
        }
        boolean object = (stack[--depth] & OBJECT) != 0;
        out.append(object ? '}' : ']');
        return this;
    }

    /** The next member's key, inside an object. */
    public JsonOut key(String key) {
        if (depth == 0 || (stack[depth - 1] & OBJECT) == 0 || keyWritten) {
            throw new IllegalStateException("a key outside an object: " + key);
        }
        comma();
        Json.quote(key, out);
        out.append(':');
        keyWritten = true;
        return this;
    }

    public JsonOut value(String s) {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            Json.quote(s, out);
        }
        return this;
    }

    public JsonOut value(long n) {
        beforeValue();
        out.append(n);
        return this;
    }

    public JsonOut value(double d) {
        beforeValue();
        out.append(Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : Double.toString(d)) : "null");
        return this;
    }

    public JsonOut value(boolean b) {
        beforeValue();
        out.append(b);
        return this;
    }

    /** Writes an already-valid JSON value as is. */
    public JsonOut raw(JsonValue v) {
        beforeValue();
        out.append(Json.write(v));
        return this;
    }

    public JsonOut field(String key, String s) {
        return key(key).value(s);
    }

    public JsonOut field(String key, long n) {
        return key(key).value(n);
    }

    public JsonOut field(String key, double d) {
        return key(key).value(d);
    }

    public JsonOut field(String key, boolean b) {
        return key(key).value(b);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static final long OBJECT = 1L << 62;
    private static final long HAS_MEMBER = 1L;

    private void push(boolean object) {
        if (depth == stack.length) {
            throw new IllegalStateException("nesting deeper than " + stack.length);
        }
        stack[depth++] = object ? OBJECT : 0;
    }

    private void beforeValue() {
        if (depth > 0 && (stack[depth - 1] & OBJECT) != 0) {
            if (!keyWritten) {
                throw new IllegalStateException("a value inside an object needs a key first");
            }
            keyWritten = false;
            return;
        }
        if (depth > 0) {
            comma();
        }
    }

    private void comma() {
        if ((stack[depth - 1] & HAS_MEMBER) != 0) {
            out.append(',');
        }
        stack[depth - 1] |= HAS_MEMBER;
    }
}
