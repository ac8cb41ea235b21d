package io.flowstate.harness.probe;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Large bodies through a proxy: a chunked upload, an upload with a length, and a download,
 * each checked whole by its SHA-256, timed, and with the proxy's resident memory sampled
 * while it streams (the growth is what holding bodies would cost).
 *
 * <p>It is its own backend: it listens on {@code --backend-port} (the proxy under test
 * forwards there), answers {@code POST} with the digest of the body it read, and
 * {@code GET /download} with {@code --download-mib} MiB of seeded bytes.
 *
 * <pre>
 * java -cp ... io.flowstate.harness.probe.BigBodies --proxy 127.0.0.1:8080 --backend-port 9001 --pid 1234
 *      [--upload-mib 256] [--download-mib 8]
 * </pre>
 *
 * Prints one line per transfer: {@code kind=... mib=... seconds=... mib_per_s=... intact=true rss_growth_mib=...}.
 */
public final class BigBodies {
    private static final int BLOCK = 1 << 20;
    private static final int CHUNK = 64 * 1024;
    private static final long RSS_SAMPLE_MILLIS = 20;

    private BigBodies() {
    }

    public static void main(String[] args) throws Exception {
        String proxy = null;
        int backendPort = -1;
        long pid = -1;
        int uploadMib = 256;
        int downloadMib = 8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--proxy" -> proxy = args[++i];
                case "--backend-port" -> backendPort = Integer.parseInt(args[++i]);
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--upload-mib" -> uploadMib = Integer.parseInt(args[++i]);
                case "--download-mib" -> downloadMib = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (proxy == null || backendPort < 0 || pid < 0) {
            System.err.println("usage: BigBodies --proxy HOST:PORT --backend-port PORT --pid PID"
                    + " [--upload-mib N] [--download-mib N]");
            System.exit(2);
        }
        byte[] block = new byte[BLOCK];
        new SplittableRandom(42).nextBytes(block);
        int colon = proxy.lastIndexOf(':');
        InetSocketAddress to = new InetSocketAddress(proxy.substring(0, colon), Integer.parseInt(proxy.substring(colon + 1)));
        int up = uploadMib;
        int down = downloadMib;
        try (ServerSocket backend = new ServerSocket(backendPort, 64, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serve(backend, block, down));
            report("upload-chunked", up, pid, () -> upload(to, block, up, true));
            report("upload-length", up, pid, () -> upload(to, block, up, false));
            report("download", down, pid, () -> download(to, block, down));
        }
    }

    @FunctionalInterface
    private interface Transfer {
        boolean run() throws Exception;
    }

    private static void report(String kind, int mib, long pid, Transfer transfer) throws Exception {
        long before = ProcStatus.rssKib(pid);
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(ProcStatus.rssKib(pid), Math::max);
                try {
                    Thread.sleep(RSS_SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        boolean intact = transfer.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        System.out.printf("kind=%s mib=%d seconds=%.2f mib_per_s=%.0f intact=%s rss_growth_mib=%.1f%n", kind, mib,
                seconds, mib / seconds, intact, (peak.get() - before) / 1024.0);
        System.out.flush();
    }

    private static String digestOf(byte[] block, int mib) throws NoSuchAlgorithmException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < mib; i++) {
            d.update(block);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static boolean upload(InetSocketAddress to, byte[] block, int mib, boolean chunked) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(to, 5_000);
            s.setSoTimeout(120_000);
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 4 * CHUNK);
            String head = "POST /upload HTTP/1.1\r\nHost: probe.local\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + (long) mib * BLOCK + "\r\n")
                    + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] size = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] crlf = {'\r', '\n'};
            for (int i = 0; i < mib; i++) {
                for (int off = 0; off < BLOCK; off += CHUNK) {
                    if (chunked) {
                        out.write(size);
                    }
                    out.write(block, off, CHUNK);
                    if (chunked) {
                        out.write(crlf);
                    }
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            String answer = new String(readBody(new BufferedInputStream(s.getInputStream())), StandardCharsets.US_ASCII);
            return answer.strip().equals(digestOf(block, mib));
        }
    }

    private static boolean download(InetSocketAddress to, byte[] block, int mib) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(to, 5_000);
            s.setSoTimeout(120_000);
            s.getOutputStream().write("GET /download HTTP/1.1\r\nHost: probe.local\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            InputStream in = new BufferedInputStream(s.getInputStream(), CHUNK);
            long length = readHeadLength(in);
            byte[] buf = new byte[CHUNK];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    return false;
                }
                d.update(buf, 0, n);
                left -= n;
            }
            return length == (long) mib * BLOCK && HexFormat.of().formatHex(d.digest()).equals(digestOf(block, mib));
        }
    }

    /** Reads a response head; returns its Content-Length (the probe's answers always have one). */
    private static long readHeadLength(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Long.parseLong(line.substring(15).strip());
            }
        }
        return -1;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        long length = readHeadLength(in);
        return in.readNBytes((int) Math.max(0, length));
    }

    // ---- the backend

    private static void serve(ServerSocket backend, byte[] block, int downloadMib) {
        while (!backend.isClosed()) {
            try {
                Socket s = backend.accept();
                Thread.ofVirtual().start(() -> serveOne(s, block, downloadMib));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serveOne(Socket s, byte[] block, int downloadMib) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), CHUNK);
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                if (head.startsWith("GET")) {
                    long length = (long) downloadMib * BLOCK;
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < downloadMib; i++) {
                        out.write(block);
                    }
                    out.flush();
                    continue;
                }
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                    readChunked(in, d);
                } else {
                    long left = contentLength(head);
                    byte[] buf = new byte[CHUNK];
                    while (left > 0) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            return;
                        }
                        d.update(buf, 0, n);
                        left -= n;
                    }
                }
                byte[] answer = (HexFormat.of().formatHex(d.digest()) + "\n").getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            // the proxy closed the connection
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        return null;
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Long.parseLong(line.substring(15).strip());
            }
        }
        return 0;
    }

    private static void readChunked(InputStream in, MessageDigest d) throws IOException {
        byte[] buf = new byte[CHUNK];
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            int semi = line.indexOf(";");
            long size = Long.parseLong(semi < 0 ? line.toString().strip() : line.substring(0, semi).strip(), 16);
            if (size == 0) {
                while (readLineLength(in) > 0) {
                    // trailers
                }
                return;
            }
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("body ended early");
                }
                d.update(buf, 0, n);
                left -= n;
            }
            readLineLength(in);                                // the CRLF after the data
        }
    }

    private static int readLineLength(InputStream in) throws IOException {
        int n = 0;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                n++;
            }
        }
        return n;
    }
}
