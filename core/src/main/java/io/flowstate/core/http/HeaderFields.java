package io.flowstate.core.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * An ordered, mutable list of header fields (RFC 9110 section 5).
 *
 * <p>Names compare case-insensitively (RFC 9110 5.1) but are stored as received, so a
 * message forwarded unchanged keeps its spelling. Repeated fields keep their order
 * (RFC 9110 5.3: the order of same-named field lines is significant). Not thread-safe:
 * one exchange owns one instance at a time; {@link #copy()} before handing it on.
 */
public final class HeaderFields implements Iterable<HeaderFields.Field> {

    /** One field line: a name and its value, both as received. */
    public record Field(String name, String value) {
        public boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    private final ArrayList<Field> fields;

    public HeaderFields() {
        this.fields = new ArrayList<>(16);
    }

    private HeaderFields(ArrayList<Field> fields) {
        this.fields = fields;
    }

    /** Appends a field line after all others, even when the name is already present. */
    public HeaderFields add(String name, String value) {
        fields.add(new Field(name, value));
        return this;
    }

    /** Removes every line of this name and appends one with this value. */
    public HeaderFields set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every line of this name; returns whether any was present. */
    public boolean remove(String name) {
        return fields.removeIf(f -> f.is(name));
    }

    /** Removes every line {@code which} accepts, in one pass; returns whether any was removed. */
    public boolean removeIf(java.util.function.Predicate<Field> which) {
        return fields.removeIf(which);
    }

    /** The first value of this name, or null. */
    public String first(String name) {
        for (Field f : fields) {
            if (f.is(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** Every value of this name, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.is(name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    /** How many lines carry this name. */
    public int count(String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.is(name)) {
                n++;
            }
        }
        return n;
    }

    public boolean contains(String name) {
        return first(name) != null;
    }

    /**
     * Whether a comma-separated list field (RFC 9110 5.6.1) of this name holds the token,
     * compared case-insensitively, across all of its lines.
     */
    public boolean hasToken(String name, String token) {
        for (Field f : fields) {
            if (f.is(name)) {
                for (String t : f.value().split(",")) {
                    if (t.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The tokens of a comma-separated list field across all its lines, lower-cased. */
    public List<String> tokens(String name) {
        List<String> out = new ArrayList<>(4);
        for (Field f : fields) {
            if (f.is(name)) {
                for (String t : f.value().split(",")) {
                    String s = t.strip();
                    if (!s.isEmpty()) {
                        out.add(s.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return out;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (Field f : fields) {
            action.accept(f.name(), f.value());
        }
    }

    public int size() {
        return fields.size();
    }

    public HeaderFields copy() {
        return new HeaderFields(new ArrayList<>(fields));
    }

    @Override
    public Iterator<Field> iterator() {
        return fields.iterator();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            sb.append(f.name()).append(": ").append(f.value()).append('\n');
        }
        return sb.toString();
    }
}
