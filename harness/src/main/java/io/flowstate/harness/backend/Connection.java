package io.flowstate.harness.backend;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Serves the requests of one accepted connection, one at a time in arrival order, on its own
 * virtual thread, until the client or the behaviour ends the connection.
 *
 * <p>Per request: read the head and discard the body; take the backend's current state (one
 * volatile read); wait while it is {@link Mode#HANG}; draw the delay and the error; sleep the
 * delay (a virtual thread parks, no carrier is held); write the pre-encoded response the mode
 * asks for; count it. Responses to pipelined requests are written as each is served.
 */
final class Connection implements Runnable {

    /** The output buffer per connection; a head and a small body leave in one write. */
    static final int OUTPUT_BUFFER_BYTES = 16 * 1024;

    private static final byte[] NO_BODY = {};

    private final Backend backend;
    private final Socket socket;

    Connection(Backend backend, Socket socket) {
        this.backend = backend;
        this.socket = socket;
    }

    @Override
    public void run() {
        try (socket) {
            RequestReader in = new RequestReader(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), OUTPUT_BUFFER_BYTES);
            while (serve(in, out)) {
                // next request
            }
        } catch (IOException e) {
            // The client went away, or the backend closed the socket (REFUSE, close): nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the backends are closing
        } finally {
            backend.forget(socket);
        }
    }

    /** Serves one request; returns whether the connection stays open for another. */
    private boolean serve(RequestReader in, OutputStream out) throws IOException, InterruptedException {
        int read = in.readHead();
        if (read == RequestReader.EOF) {
            return false;
        }
        Backend.State s = backend.state();
        if (read != RequestReader.REQUEST) {
            return refuseRequest(s, out,
                    read == RequestReader.TOO_LARGE ? Responses.HEAD_TOO_LARGE : Responses.BAD_REQUEST);
        }
        Mode early = s.behaviour.mode();
        if (in.expectContinue && in.hasBody() && early != Mode.HANG && early != Mode.REFUSE) {
            out.write(Responses.CONTINUE); // RFC 9110 section 10.1.1
            out.flush();
        }
        if (!in.discardBody()) {
            return refuseRequest(s, out, Responses.BAD_REQUEST);
        }

        s = backend.state();
        while (s.behaviour.mode() == Mode.HANG) {
            s = backend.awaitChange(s);
            if (s == null) {
                return false;
            }
        }
        Mode mode = s.behaviour.mode();
        if (mode == Mode.REFUSE) {
            return false; // dropped unanswered, as by a process that died
        }

        boolean drawError = !in.healthz && (mode == Mode.UP || mode == Mode.SLOW_BODY);
        long draw = backend.draw(s, drawError);
        boolean error = draw < 0;
        long delay = error ? ~draw : draw;
        if (delay > 0) {
            TimeUnit.NANOSECONDS.sleep(delay);
        }

        int kind;
        if (in.healthz) {
            kind = mode == Mode.ERROR ? Responses.HEALTH_ERROR : Responses.HEALTH_OK;
        } else if (mode == Mode.ERROR || error) {
            kind = Responses.ERROR;
        } else {
            kind = in.http10 ? Responses.OK_PLAIN : Responses.OK;
        }
        boolean close = in.close || !s.behaviour.keepAlive();
        byte[] head = s.responses.head(kind, close);
        byte[] body = in.head ? NO_BODY : s.responses.body(kind);

        switch (mode) {
            case RESET -> {
                reset(out, head, body);
                return false;
            }
            case SLOW_BODY -> {
                out.write(head);
                out.flush();
                trickle(out, body);
            }
            default -> {
                out.write(head);
                out.write(body);
                out.flush();
            }
        }
        backend.responded(s.responses.status(kind), in.healthz);
        if (close) {
            socket.shutdownOutput();
            return false;
        }
        return true;
    }

    /** Answers a request that cannot be framed (400) or whose head is too large (431), and closes. */
    private boolean refuseRequest(Backend.State s, OutputStream out, int kind) throws IOException {
        out.write(s.responses.head(kind, true));
        out.write(s.responses.body(kind));
        out.flush();
        socket.shutdownOutput();
        return false;
    }

    /** The head and half the body (half the head when there is no body), then a TCP reset. */
    private void reset(OutputStream out, byte[] head, byte[] body) throws IOException {
        if (body.length > 0) {
            out.write(head);
            out.write(body, 0, body.length / 2);
        } else {
            out.write(head, 0, head.length / 2);
        }
        out.flush();
        socket.setSoLinger(true, 0); // close() now sends RST, not FIN
        socket.close();
    }

    /** The body in up to {@link Mode#SLOW_BODY_PIECES} pieces, spread over about {@link Mode#SLOW_BODY_MILLIS}. */
    private static void trickle(OutputStream out, byte[] body) throws IOException, InterruptedException {
        int pieces = Math.min(Mode.SLOW_BODY_PIECES, body.length);
        if (pieces == 0) {
            return;
        }
        long pause = TimeUnit.MILLISECONDS.toNanos(Mode.SLOW_BODY_MILLIS) / pieces;
        for (int i = 0; i < pieces; i++) {
            TimeUnit.NANOSECONDS.sleep(pause);
            int from = (int) ((long) body.length * i / pieces);
            int to = (int) ((long) body.length * (i + 1) / pieces);
            out.write(body, from, to - from);
            out.flush();
        }
    }
}
