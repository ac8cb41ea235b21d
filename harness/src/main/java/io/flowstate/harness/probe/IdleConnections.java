package io.flowstate.harness.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What an idle keep-alive client connection costs a proxy: opens {@code count} connections,
 * sends one request on each and reads its answer whole (so each is a kept-alive connection
 * with nothing in flight), waits for the proxy's memory to settle, and prints its resident
 * memory before and after, and the difference per connection. The connections stay open
 * until the process reads a line from standard input (so that a load test can run beside
 * them), or {@code --hold SECONDS} pass.
 *
 * <pre>
 * java -cp ... io.flowstate.harness.probe.IdleConnections --to 127.0.0.1:8080 --pid 1234 --count 10000
 * </pre>
 *
 * Prints one line: {@code idle=N rss_before_kib=A rss_after_kib=B per_connection_bytes=C}.
 */
public final class IdleConnections {
    private static final byte[] REQUEST = "GET /idle HTTP/1.1\r\nHost: probe.local\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final long SETTLE_MILLIS = 3_000;

    private IdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        String to = null;
        long pid = -1;
        int count = 1000;
        long holdSeconds = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--to" -> to = args[++i];
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--hold" -> holdSeconds = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (to == null || pid < 0) {
            System.err.println("usage: IdleConnections --to HOST:PORT --pid PID [--count N] [--hold SECONDS]");
            System.exit(2);
        }
        int colon = to.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)));
        long before = ProcStatus.rssKib(pid);
        List<Socket> open = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                s.connect(address, 5_000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(REQUEST);
                out.flush();
                readResponse(s.getInputStream());
                open.add(s);
            }
            Thread.sleep(SETTLE_MILLIS);
            long after = ProcStatus.rssKib(pid);
            System.out.printf("idle=%d rss_before_kib=%d rss_after_kib=%d per_connection_bytes=%d%n", open.size(),
                    before, after, open.isEmpty() ? 0 : (after - before) * 1024 / open.size());
            System.out.flush();
            if (holdSeconds >= 0) {
                Thread.sleep(holdSeconds * 1000);
            } else {
                System.in.read();
            }
        } finally {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
        }
    }

    /** Reads one response with a Content-Length body (what the probe's backends answer). */
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
    }
}
