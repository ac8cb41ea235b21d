package io.flowstate.core.probe;

import io.flowstate.core.config.ActiveCheckConfig;
import io.flowstate.core.pool.Endpoint;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An HTTP/1.1 probe: a fresh connection, {@code GET path} with {@code Connection: close},
 * and the status code of the response's status line (RFC 9112 4) checked against the
 * expected range. The body is not read. Each probe runs on its own virtual thread, so a
 * backend that hangs holds no one else up; the whole probe (connect, write, status line)
 * must finish within the timeout.
 */
public final class HttpProbe implements Probe {
    /** The longest status line read; a longer one fails the probe. */
    static final int MAX_STATUS_LINE_BYTES = 8 * 1024;
    static final String USER_AGENT = "flowstate-health-check";

    @Override
    public CompletionStage<Result> check(Endpoint endpoint, ActiveCheckConfig config) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        Thread.ofVirtual().name("flowstate-probe-" + endpoint.key()).start(() -> {
            try {
                result.complete(run(endpoint, config));
            } catch (RuntimeException | Error e) {            // never leave the checker waiting
                result.complete(new Result(false, "probe failed: " + e));
            }
        });
        return result;
    }

    private static Result run(Endpoint endpoint, ActiveCheckConfig config) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(endpoint.address(), millisLeft(deadline));
            OutputStream out = socket.getOutputStream();
            String head = "GET " + config.path() + " HTTP/1.1\r\n"
                    + "Host: " + endpoint.key() + "\r\n"
                    + "User-Agent: " + USER_AGENT + "\r\n"
                    + "Connection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int status = status(socket, new BufferedInputStream(socket.getInputStream()), deadline);
            boolean passed = config.passes(status);
            return new Result(passed, "status " + status);
        } catch (ConnectException e) {
            return new Result(false, "connect refused");
        } catch (SocketTimeoutException e) {
            return new Result(false, "timed out after " + config.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Result(false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Reads {@code HTTP/1.1 200 reason CRLF} and returns 200. */
    private static int status(Socket socket, InputStream in, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            socket.setSoTimeout(millisLeft(deadline));
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a status line");
            }
            if (b == '\n') {
                break;
            }
            if (line.length() >= MAX_STATUS_LINE_BYTES) {
                throw new IOException("status line longer than " + MAX_STATUS_LINE_BYTES + " bytes");
            }
            line.append((char) b);
        }
        String s = line.toString().strip();
        if (!s.startsWith("HTTP/1.") || s.length() < 12 || s.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + (s.length() > 40 ? s.substring(0, 40) : s));
        }
        try {
            return Integer.parseInt(s.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad status code in " + s);
        }
    }

    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("probe deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
