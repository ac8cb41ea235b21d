package io.flowstate.core.filter;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file opened for appending (created if missing), written as UTF-8 with no buffer of its
 * own: each {@link #append(CharSequence)} is written out before it returns, at the end of
 * the file even when another process or sink appends to it too (O_APPEND). Used by one
 * writer thread ({@link AccessLogSink}).
 */
final class AppendFile implements Appendable, Flushable, Closeable {
    private final FileChannel channel;

    AppendFile(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    @Override
    public Appendable append(CharSequence text) throws IOException {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        return this;
    }

    @Override
    public Appendable append(CharSequence text, int start, int end) throws IOException {
        return append(text.subSequence(start, end));
    }

    @Override
    public Appendable append(char c) throws IOException {
        return append(String.valueOf(c));
    }

    /** Nothing is buffered here; the bytes are with the operating system once written. */
    @Override
    public void flush() {
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
