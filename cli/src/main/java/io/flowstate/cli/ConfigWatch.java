package io.flowstate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * {@code run --watch}: reloads when the config file changes. Watches the file's directory
 * (a {@link WatchService} watches directories) and runs the reload for each batch of events
 * that names the file, so an editor that writes a temp file and renames it over the config
 * is seen too. One daemon thread; a reload that finds errors changes nothing, as always.
 */
final class ConfigWatch implements AutoCloseable {
    private final WatchService service;

    private ConfigWatch(WatchService service) {
        this.service = service;
    }

    static ConfigWatch start(Path file, Runnable reload, PrintStream err) {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            dir.register(service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            Thread.ofPlatform().daemon().name("flowstate-config-watch").start(() -> loop(service, name, reload));
            return new ConfigWatch(service);
        } catch (IOException e) {
            err.println("flowstate: cannot watch " + dir + ": " + e.getMessage() + "; SIGHUP still reloads");
            return null;
        }
    }

    private static void loop(WatchService service, Path name, Runnable reload) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean ours = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    ours |= name.equals(e.context());
                }
                key.reset();
                if (ours) {
                    reload.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the server is stopping
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // nothing is left to watch
        }
    }
}
