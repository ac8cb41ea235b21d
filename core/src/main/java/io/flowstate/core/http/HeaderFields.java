package io.flowstate.core.http;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An ordered, mutable list of header fields (RFC 9110 section 5).
 *
 * <p>Names compare case-insensitively (RFC 9110 5.1) but are stored as received, so a
 * message forwarded unchanged keeps its spelling. Repeated fields keep their order
 * (RFC 9110 5.3: the order of same-named field lines is significant). Not thread-safe:
 * one exchange owns one instance at a time; {@link #copy()} before handing it on.
 *
 * <p><b>Fields on bytes.</b> A parser adds each field line straight from the bytes it
 * arrived in ({@link #addRaw}); such a field makes its name and value Strings only when
 * asked for them (and then keeps them), and {@link #writeTo} writes it out as those bytes.
 * A field added or changed as text ({@link #add}, {@link #set}) is written from its Strings.
 * A {@link Field} never changes, so lists share them: {@link #copy()} costs one small object
 * and copies the list itself only when one of the two is first changed (copy on write).
 *
 * <p><b>Presence bits.</b> Each of 64 well-known names (framing: Content-Length,
 * Transfer-Encoding; hop-by-hop: Connection, Keep-Alive, Proxy-Connection, TE, Trailer,
 * Upgrade, Proxy-Authenticate, Proxy-Authorization; Host, Expect, Date, the
 * X-Forwarded-For/-Proto/-Host fields, X-Request-Id; and the names requests and responses
 * carry most) has a bit ({@link #bit}), set when a line of that name is added and cleared
 * when the last one goes. {@link #contains}, {@link #first}, {@link #count} and
 * {@link #remove} of an absent well-known name then cost one test of a {@code long}, and
 * passes over fields (hop-by-hop stripping, framing) skip the fields altogether when none of
 * their names is present ({@link #containsAny}).
 */
public final class HeaderFields implements Iterable<HeaderFields.Field> {

    /**
     * One field line: a name and its value, both as received. Immutable, and so shared
     * between lists and copies. Two fields are equal when their names and values are equal
     * Strings (case-sensitively, as a record's components are).
     */
    public static sealed class Field permits RawField {
        /** Null in a raw field until asked for, unless its bytes spell a shared name. */
        String name;
        /** Null in a raw field until asked for. */
        String value;
        /** The well-known name's id ({@link FieldNames}), or -1. */
        final int id;

        public Field(String name, String value) {
            this(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"),
                    FieldNames.id(name));
        }

        Field(String name, String value, int id) {
            this.name = name;
            this.value = value;
            this.id = id;
        }

        /** The name as received. */
        public final String name() {
            String n = name;
            return n != null ? n : ((RawField) this).makeName();
        }

        /** The value as received, without surrounding whitespace. */
        public final String value() {
            String v = value;
            return v != null ? v : ((RawField) this).makeValue();
        }

        /** Whether this line's name is {@code other}, compared case-insensitively (RFC 9110 5.1). */
        public final boolean is(String other) {
            if (id >= 0) {
                // Both names equal the well-known one ignoring case, or neither does: the
                // other's id says which (usually found by its cached hash, one comparison).
                return other == name || other == FieldNames.NAMES[id] || FieldNames.id(other) == id;
            }
            return other == name || nameEqualsIgnoreCase(other);
        }

        /** The presence bit of this line's name ({@link HeaderFields#bit}); 0 for a name that has none. */
        public final long bit() {
            return id < 0 ? 0 : 1L << id;
        }

        /** How many bytes {@link #writeTo} writes: {@code name: value} and CRLF. */
        public final int encodedLength() {
            return nameLength() + valueLength() + 4;
        }

        /**
         * Writes this line as {@code Name: value} and CRLF (RFC 9112 5), from the bytes it
         * arrived in when it came from {@link HeaderFields#addRaw}, else from its Strings, one
         * byte per character (ISO-8859-1, RFC 9110 5.5).
         *
         * @throws BufferOverflowException when {@code out} has fewer than {@link #encodedLength()}
         *         bytes left; nothing is written then
         */
        public void writeTo(ByteBuffer out) {
            if (out.remaining() < encodedLength()) {
                throw new BufferOverflowException();
            }
            if (id >= 0 && name == FieldNames.NAMES[id]) {
                out.put(FieldNames.BYTES[id]);
            } else {
                putLatin1(out, name);
            }
            out.put((byte) ':').put((byte) ' ');
            putLatin1(out, value);
            out.put((byte) '\r').put((byte) '\n');
        }

        /** The value's String when there is one (always for a line added as text), else null. */
        String text() {
            return value;
        }

        /** The bytes a raw line's value is in; null for a line added as text. */
        byte[] bytes() {
            return null;
        }

        /** Where a raw line's value starts in {@link #bytes()}. */
        int valueOffset() {
            return 0;
        }

        int nameLength() {
            return name.length();
        }

        int valueLength() {
            return value.length();
        }

        char nameChar(int i) {
            return name.charAt(i);
        }

        boolean nameEqualsIgnoreCase(String other) {
            return name.equalsIgnoreCase(other);
        }

        @Override
        public final boolean equals(Object o) {
            return o instanceof Field f && name().equals(f.name()) && value().equals(f.value());
        }

        @Override
        public final int hashCode() {
            return 31 * name().hashCode() + value().hashCode();
        }

        @Override
        public final String toString() {
            return "Field[name=" + name() + ", value=" + value() + "]";
        }
    }

    /**
     * A line on the bytes it arrived in: {@code src} is the caller's, who promised not to
     * change it while this field lives ({@link HeaderFields#addRaw}).
     */
    private static final class RawField extends Field {
        private final byte[] src;
        private final int nameOff;
        private final int nameLen;
        private final int valueOff;
        private final int valueLen;

        RawField(byte[] src, int nameOff, int nameLen, int valueOff, int valueLen, int id) {
            super(id < 0 ? null : FieldNames.shared(id, src, nameOff, nameLen), null, id);
            this.src = src;
            this.nameOff = nameOff;
            this.nameLen = nameLen;
            this.valueOff = valueOff;
            this.valueLen = valueLen;
        }

        // Two threads may both make a String here; they are equal, and a String is safe to
        // publish through a data race (its fields are final), so either may win.
        String makeName() {
            String n = latin1(src, nameOff, nameLen);
            name = n;
            return n;
        }

        String makeValue() {
            String v = latin1(src, valueOff, valueLen);
            value = v;
            return v;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            if (out.remaining() < nameLen + valueLen + 4) {
                throw new BufferOverflowException();
            }
            out.put(src, nameOff, nameLen);
            out.put((byte) ':').put((byte) ' ');
            out.put(src, valueOff, valueLen);
            out.put((byte) '\r').put((byte) '\n');
        }

        @Override
        byte[] bytes() {
            return src;
        }

        @Override
        int valueOffset() {
            return valueOff;
        }

        @Override
        int nameLength() {
            return nameLen;
        }

        @Override
        int valueLength() {
            return valueLen;
        }

        @Override
        char nameChar(int i) {
            return (char) (src[nameOff + i] & 0xFF);
        }

        @Override
        boolean nameEqualsIgnoreCase(String other) {
            if (other.length() != nameLen) {
                return false;
            }
            for (int i = 0; i < nameLen; i++) {
                if (!sameIgnoringCase((char) (src[nameOff + i] & 0xFF), other.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Field[] NONE = {};
    /** The first array of a list made empty: a typical response, or a short request, fits; then doubled. */
    private static final int FIRST_CAPACITY = 8;
    /** Room left after the lines when a shared list is first changed: the proxy path adds four. */
    private static final int ROOM_AFTER_COPY = 4;

    private Field[] fields;
    private int size;
    /** Bit i set: some line's name is the well-known name of id i. */
    private long presence;
    /** {@link #fields} is also a copy's (or the original's): copy it before changing it. */
    private boolean shared;

    public HeaderFields() {
        this.fields = NONE;
    }

    /** An empty list with room for {@code expectedFields} lines before it grows. */
    public HeaderFields(int expectedFields) {
        this.fields = expectedFields <= 0 ? NONE : new Field[expectedFields];
    }

    private HeaderFields(Field[] fields, int size, long presence) {
        this.fields = fields;
        this.size = size;
        this.presence = presence;
        this.shared = true;
    }

    /** The presence bit of a well-known name ({@link HeaderFields the list}), or 0 for any other name. */
    public static long bit(String name) {
        int id = FieldNames.id(name);
        return id < 0 ? 0 : 1L << id;
    }

    /** The presence bits of the well-known names of the lines here: {@code bit(n)} is set iff {@code contains(n)}. */
    public long presence() {
        return presence;
    }

    /** Whether a line has a well-known name among {@code bits} ({@link #bit}); no scan. */
    public boolean containsAny(long bits) {
        return (presence & bits) != 0;
    }

    /** Appends a field line after all others, even when the name is already present. */
    public HeaderFields add(String name, String value) {
        append(new Field(name, value));
        return this;
    }

    /** Appends this line (fields never change, so one may be in several lists). */
    public HeaderFields add(Field field) {
        append(Objects.requireNonNull(field, "field"));
        return this;
    }

    /**
     * Appends a field line straight from the bytes it arrived in: the name is
     * {@code src[nameOff, nameOff + nameLen)}, the value (without surrounding whitespace)
     * {@code src[valueOff, valueOff + valueLen)}, both ISO-8859-1 (RFC 9110 5.5). Nothing is
     * checked here but the bounds: the caller parsed and validated the line (core's
     * {@code http1} parsers do).
     *
     * <p><b>The list keeps a reference to {@code src}</b>, not a copy: the caller must not
     * change those bytes while this list, a copy of it or a {@link Field} taken from it lives
     * (for a request, as long as its exchange). Give it an array that belongs to this head
     * alone, as {@code Http1RequestRules.parse} does (it copies the field section of the
     * engine's read buffer into one array per head), never a buffer that is read into again.
     *
     * @throws IndexOutOfBoundsException when a range is outside {@code src}
     */
    public HeaderFields addRaw(byte[] src, int nameOff, int nameLen, int valueOff, int valueLen) {
        Objects.checkFromIndexSize(nameOff, nameLen, src.length);
        Objects.checkFromIndexSize(valueOff, valueLen, src.length);
        append(new RawField(src, nameOff, nameLen, valueOff, valueLen, FieldNames.id(src, nameOff, nameLen)));
        return this;
    }

    /** Removes every line of this name and appends one with this value. */
    public HeaderFields set(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        int id = FieldNames.id(name);                          // once, for both steps
        if (id >= 0) {
            removeBits(1L << id);
        } else {
            removeUnknown(name);
        }
        append(new Field(name, value, id));
        return this;
    }

    /** Removes every line of this field's name and appends this line. */
    public HeaderFields set(Field field) {
        if (field.id >= 0) {
            removeBits(1L << field.id);
        } else {
            removeUnknown(field.name());
        }
        return add(field);
    }

    /** Removes every line of this name; returns whether any was present. */
    public boolean remove(String name) {
        int id = FieldNames.id(name);
        return id >= 0 ? removeBits(1L << id) : removeUnknown(name);
    }

    /**
     * Removes, in one pass, every line whose name has a presence bit among {@code bits}
     * ({@link #bit}); returns whether any was removed. Every other line stays, in order.
     */
    public boolean removeAll(long bits) {
        return removeBits(bits);
    }

    /**
     * Removes every line {@code which} accepts, in one pass; returns whether any was removed.
     * {@code which} sees every line before any goes, so it may look at this list.
     */
    public boolean removeIf(Predicate<Field> which) {
        Objects.requireNonNull(which, "which");
        if (size > Long.SIZE) {
            boolean[] gone = new boolean[size];
            boolean any = false;
            for (int i = 0; i < size; i++) {
                any |= gone[i] = which.test(fields[i]);
            }
            if (!any) {
                return false;
            }
            int first = 0;
            while (!gone[first]) {
                first++;
            }
            Field[] to = target();
            int kept = first;
            for (int j = first + 1; j < size; j++) {
                if (!gone[j]) {
                    to[kept++] = fields[j];
                }
            }
            finishRemoval(to, kept);
        } else {
            long gone = 0;
            for (int i = 0; i < size; i++) {
                if (which.test(fields[i])) {
                    gone |= 1L << i;
                }
            }
            if (gone == 0) {
                return false;
            }
            int first = Long.numberOfTrailingZeros(gone);
            Field[] to = target();
            int kept = first;
            for (int j = first + 1; j < size; j++) {
                if ((gone >>> j & 1) == 0) {
                    to[kept++] = fields[j];
                }
            }
            finishRemoval(to, kept);
        }
        presence = presenceOf(fields, size);
        return true;
    }

    /**
     * Removes, in one pass, every line whose name has a presence bit among {@code bits} or is
     * one of the tokens of the list field {@code listName} (RFC 9110 5.6.1: comma-separated,
     * blank members ignored, compared case-insensitively), across all its lines; every other
     * line stays, in order. Returns whether any line was removed. This is the mechanics of
     * the connection options rule (RFC 9110 7.6.1); the rule itself is the caller's.
     * Allocates nothing but the list's own copy on write, unless a token has characters
     * beyond ASCII.
     */
    public boolean removeListed(String listName, long bits) {
        int listId = FieldNames.id(listName);
        if (listId >= 0 && (presence & (1L << listId)) == 0) {
            return removeBits(bits);
        }
        long named = bits;
        boolean others = false;                                // tokens that name no well-known field
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            if (!matches(f, listId, listName)) {
                continue;
            }
            String s = f.text();
            byte[] b = s == null ? f.bytes() : null;
            int off = s == null ? f.valueOffset() : 0;
            int n = f.valueLength();
            for (long m = nextMember(s, b, off, n, 0); m >= 0; m = nextMember(s, b, off, n, after(s, b, off, n, m))) {
                if ((m & BEYOND_ASCII) != 0) {
                    // Case folding beyond ASCII (and String.toLowerCase's) is String's
                    // business: the general path, as before ids.
                    return removeListedByStrings(listName, bits);
                }
                int id = FieldNames.memberId(s, b, off, from(m), (int) m);
                if (id >= 0) {
                    named |= 1L << id;
                } else {
                    others = true;
                }
            }
        }
        if (!others) {
            return removeBits(named);
        }
        final long remove = named;
        return removeIf(f -> (f.bit() & remove) != 0 || f.id < 0 && isListed(listId, listName, f));
    }

    /** Whether a token of a {@code listName} line is {@code f}'s name (an unknown one), case-insensitively. */
    private boolean isListed(int listId, String listName, Field f) {
        int len = f.nameLength();
        for (int i = 0; i < size; i++) {
            Field l = fields[i];
            if (!matches(l, listId, listName)) {
                continue;
            }
            String s = l.text();
            byte[] b = s == null ? l.bytes() : null;
            int off = s == null ? l.valueOffset() : 0;
            int n = l.valueLength();
            for (long m = nextMember(s, b, off, n, 0); m >= 0; m = nextMember(s, b, off, n, after(s, b, off, n, m))) {
                int from = from(m);
                if ((int) m - from == len) {
                    boolean same = true;
                    for (int c = 0; c < len && same; c++) {
                        same = sameIgnoringCase(at(s, b, off, from + c), f.nameChar(c));
                    }
                    if (same) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /*
     * List members (RFC 9110 5.6.1), read in place: the value is a String (s) or the bytes
     * b[off, off + n); exactly one is given, and the JIT makes the loops over either their
     * own. A member is what split(",") then strip() makes of the value, blank ones skipped,
     * as (from << 32 | to); the loops of hasToken and removeListed walk them without a
     * String each.
     */

    /** The character at {@code i} of a value given as {@code s} or {@code b[off, ...)}. */
    private static char at(String s, byte[] b, int off, int i) {
        return s != null ? s.charAt(i) : (char) (b[off + i] & 0xFF);
    }

    /** In a member from {@link #nextMember}: some character of the member's stretch is beyond ASCII. */
    private static final long BEYOND_ASCII = 1L << 62;

    /**
     * The first non-blank member at or after {@code start}, stripped, as (from << 32 | to),
     * with {@link #BEYOND_ASCII} set when a character up to its comma is beyond ASCII; -1
     * when none. One pass over the member's characters.
     */
    private static long nextMember(String s, byte[] b, int off, int n, int start) {
        int i = start;
        while (i <= n) {
            int comma = i;
            int seen = 0;
            char c;
            while (comma < n && (c = at(s, b, off, comma)) != ',') {
                seen |= c;
                comma++;
            }
            int from = i;
            int to = comma;
            while (from < to && isStripped(at(s, b, off, from))) {
                from++;
            }
            while (to > from && isStripped(at(s, b, off, to - 1))) {
                to--;
            }
            if (from < to) {
                return ((long) from << 32) | to | (seen > 0x7F ? BEYOND_ASCII : 0);
            }
            i = comma + 1;
        }
        return -1;
    }

    /** Where a member from {@link #nextMember} starts. */
    private static int from(long member) {
        return (int) (member >>> 32) & Integer.MAX_VALUE >>> 1;
    }

    /** Where the search for the member after {@code member} starts: past the comma that ends it, or past the end. */
    private static int after(String s, byte[] b, int off, int n, long member) {
        int i = (int) member;
        while (i < n && at(s, b, off, i) != ',') {
            i++;
        }
        return i + 1;
    }

    /**
     * Whether {@link String#strip()} strips {@code c} ({@link Character#isWhitespace}), with
     * the answer for the printable ISO-8859-1 characters, the usual ones, first.
     */
    private static boolean isStripped(char c) {
        if (c > ' ' && c <= 0xFF) {
            return false;
        }
        return c == ' ' || c == '\t' || Character.isWhitespace(c);
    }

    /** {@link #removeListed} as the lists of Strings of old do it: for tokens beyond ASCII. */
    private boolean removeListedByStrings(String listName, long bits) {
        List<String> options = tokens(listName);
        return removeIf(f -> (f.bit() & bits) != 0 || isNamed(options, f.name()));
    }

    private static boolean isNamed(List<String> options, String name) {
        for (String option : options) {
            if (option.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The first value of this name, or null. */
    public String first(String name) {
        int id = FieldNames.id(name);
        if (id >= 0) {
            if ((presence & (1L << id)) == 0) {
                return null;
            }
            for (int i = 0; i < size; i++) {
                if (fields[i].id == id) {
                    return fields[i].value();
                }
            }
            return null;
        }
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            if (f.id < 0 && f.nameEqualsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** Every value of this name, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        int id = FieldNames.id(name);
        if (id >= 0 && (presence & (1L << id)) == 0) {
            return values;
        }
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            if (matches(f, id, name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    /** How many lines carry this name. */
    public int count(String name) {
        int id = FieldNames.id(name);
        if (id >= 0 && (presence & (1L << id)) == 0) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (matches(fields[i], id, name)) {
                n++;
            }
        }
        return n;
    }

    public boolean contains(String name) {
        int id = FieldNames.id(name);
        if (id >= 0) {
            return (presence & (1L << id)) != 0;
        }
        return first(name) != null;
    }

    /**
     * Whether a comma-separated list field (RFC 9110 5.6.1) of this name holds the token,
     * compared case-insensitively, across all of its lines.
     */
    public boolean hasToken(String name, String token) {
        int id = FieldNames.id(name);
        if (id >= 0 && (presence & (1L << id)) == 0) {
            return false;
        }
        boolean plain = !token.isEmpty();
        for (int i = 0; i < token.length() && plain; i++) {
            plain = token.charAt(i) <= 0xFF;
        }
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            if (matches(f, id, name) && (plain ? valueHasToken(f, token) : splitHasToken(f.value(), token))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a member of {@code f}'s value, split at commas and stripped of whitespace, is
     * {@code token} ignoring case: what {@code split(",")}, {@code strip()} and
     * {@code equalsIgnoreCase} decide, for a non-empty token of ISO-8859-1 characters, without
     * making Strings.
     */
    private static boolean valueHasToken(Field f, String token) {
        String s = f.text();
        byte[] b = s == null ? f.bytes() : null;
        int off = s == null ? f.valueOffset() : 0;
        int n = f.valueLength();
        int len = token.length();
        for (long m = nextMember(s, b, off, n, 0); m >= 0; m = nextMember(s, b, off, n, after(s, b, off, n, m))) {
            int from = from(m);
            if ((int) m - from == len) {
                boolean same = true;
                for (int c = 0; c < len && same; c++) {
                    same = sameIgnoringCase(at(s, b, off, from + c), token.charAt(c));
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean splitHasToken(String value, String token) {
        for (String t : value.split(",")) {
            if (t.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The tokens of a comma-separated list field across all its lines, lower-cased. */
    public List<String> tokens(String name) {
        List<String> out = new ArrayList<>(4);
        int id = FieldNames.id(name);
        if (id >= 0 && (presence & (1L << id)) == 0) {
            return out;
        }
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            if (matches(f, id, name)) {
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
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            action.accept(f.name(), f.value());
        }
    }

    public int size() {
        return size;
    }

    /**
     * The line at {@code index}, 0 first, in order: for loops on a hot path, which then make
     * no iterator.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    public Field get(int index) {
        Objects.checkIndex(index, size);
        return fields[index];
    }

    /** The same lines, in a list of its own; neither list sees the other's changes. */
    public HeaderFields copy() {
        if (size == 0) {
            return new HeaderFields();
        }
        shared = true;
        return new HeaderFields(fields, size, presence);
    }

    /** How many bytes {@link #writeTo} writes. */
    public int encodedLength() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += fields[i].encodedLength();
        }
        return n;
    }

    /**
     * Writes every line, in order, as {@code Name: value} and CRLF ({@link Field#writeTo}):
     * a line that arrived as bytes and was not changed goes out as those bytes.
     *
     * @throws BufferOverflowException when {@code out} has fewer than {@link #encodedLength()}
     *         bytes left; nothing is written then
     */
    public void writeTo(ByteBuffer out) {
        if (out.remaining() < encodedLength()) {
            throw new BufferOverflowException();
        }
        for (int i = 0; i < size; i++) {
            fields[i].writeTo(out);
        }
    }

    @Override
    public Iterator<Field> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Field next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return fields[next++];
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            sb.append(f.name()).append(": ").append(f.value()).append('\n');
        }
        return sb.toString();
    }

    /* ---- the list itself ---- */

    private void append(Field f) {
        if (shared || size == fields.length) {
            Field[] grown = new Field[shared ? size + ROOM_AFTER_COPY
                    : Math.max(FIRST_CAPACITY, fields.length * 2)];
            System.arraycopy(fields, 0, grown, 0, size);
            fields = grown;
            shared = false;
        }
        fields[size++] = f;
        presence |= f.bit();
    }

    /** Whether {@code f}'s name is {@code name}, whose id is {@code id} (-1: not well known). */
    private static boolean matches(Field f, int id, String name) {
        return id >= 0 ? f.id == id : f.id < 0 && f.nameEqualsIgnoreCase(name);
    }

    private boolean removeBits(long bits) {
        if ((presence & bits) == 0) {
            return false;
        }
        int i = 0;
        while ((fields[i].bit() & bits) == 0) {
            i++;
        }
        Field[] to = target();
        int kept = i;
        for (int j = i + 1; j < size; j++) {
            Field f = fields[j];
            if ((f.bit() & bits) == 0) {
                to[kept++] = f;
            }
        }
        finishRemoval(to, kept);
        presence &= ~bits;
        return true;
    }

    /** Removes the lines of a name that is not well known (and so has no bit). */
    private boolean removeUnknown(String name) {
        int i = 0;
        while (i < size && !(fields[i].id < 0 && fields[i].nameEqualsIgnoreCase(name))) {
            i++;
        }
        if (i == size) {
            return false;
        }
        Field[] to = target();
        int kept = i;
        for (int j = i + 1; j < size; j++) {
            Field f = fields[j];
            if (!(f.id < 0 && f.nameEqualsIgnoreCase(name))) {
                to[kept++] = f;
            }
        }
        finishRemoval(to, kept);
        return true;
    }

    /** Where a removal writes the lines it keeps: in place, or a new array when this one is shared. */
    private Field[] target() {
        if (!shared) {
            return fields;
        }
        Field[] to = new Field[size + ROOM_AFTER_COPY];
        System.arraycopy(fields, 0, to, 0, size);            // the lines before the first removed
        return to;
    }

    private void finishRemoval(Field[] to, int kept) {
        if (to == fields) {
            Arrays.fill(fields, kept, size, null);
        }
        fields = to;
        shared = false;
        size = kept;
    }

    private static long presenceOf(Field[] fields, int size) {
        long p = 0;
        for (int i = 0; i < size; i++) {
            p |= fields[i].bit();
        }
        return p;
    }

    /**
     * Whether two characters are equal ignoring case, as {@link String#equalsIgnoreCase}
     * compares them (upper case, then lower case of that).
     */
    static boolean sameIgnoringCase(char a, char b) {
        if (a == b) {
            return true;
        }
        if ((a | b) < 0x80) {                                  // ASCII: only letters fold, to each other
            int la = a | 0x20;
            return la == (b | 0x20) && la >= 'a' && la <= 'z';
        }
        char ua = Character.toUpperCase(a);
        char ub = Character.toUpperCase(b);
        return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }

    private static void putLatin1(ByteBuffer out, String s) {
        int n = s.length();
        if (out.hasArray()) {
            byte[] a = out.array();
            int p = out.arrayOffset() + out.position();
            for (int i = 0; i < n; i++) {
                a[p + i] = (byte) s.charAt(i);                 // field text is ISO-8859-1 (RFC 9110 5.5)
            }
            out.position(out.position() + n);
        } else {
            for (int i = 0; i < n; i++) {
                out.put((byte) s.charAt(i));
            }
        }
    }

    private static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
