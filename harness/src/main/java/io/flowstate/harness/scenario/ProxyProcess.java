package io.flowstate.harness.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A proxy under test in a process of its own (FlowState's launcher, nginx or HAProxy):
 * started, awaited until its port takes connections, stopped with SIGTERM (then killed if
 * it lingers). Its output goes to a log file beside the report.
 */
final class ProxyProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_MILLIS = 30_000;
    private static final long STOP_TIMEOUT_SECONDS = 15;

    private final Process process;
    private final String name;

    private ProxyProcess(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /** Starts {@code command} and returns once {@code port} on loopback accepts a connection. */
    static ProxyProcess start(String name, List<String> command, Map<String, String> env, Path log, int port)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        ProxyProcess proxy = new ProxyProcess(p, name);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + " before it listened; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return proxy;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    proxy.close();
                    throw new IOException(name + " did not listen on port " + port + " within "
                            + READY_TIMEOUT_MILLIS + " ms; see " + log);
                }
                Thread.sleep(50);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy();                       // SIGTERM: FlowState drains, nginx and HAProxy stop
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.toHandle().destroyForcibly();
            process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
