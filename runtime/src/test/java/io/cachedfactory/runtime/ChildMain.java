package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What every main class that {@link ChildJvm} starts needs: to go away with the test JVM, to print
 * lines the test reads as they happen, and to log events to a file several processes share.
 */
public final class ChildMain {

    /** The exit status of a child whose test JVM went away. */
    public static final int EXIT_ORPHANED = 3;

    private ChildMain() {
    }

    /**
     * Halts this JVM when its stdin reaches end-of-file: the test JVM holds the pipe open, so that
     * means it is gone, and no child may outlive it.
     */
    public static void exitWhenStdinCloses() {
        Thread watchdog = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // Nothing is ever sent; only end-of-file matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same as end-of-file.
            }
            Runtime.getRuntime().halt(EXIT_ORPHANED);
        }, "stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Prints a line and flushes, so the test sees it at once. */
    public static synchronized void println(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * Appends one line with a single write on a file opened for append, so lines from several
     * processes never interleave.
     */
    public static void appendLine(Path file, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(bytes);
            if (bytes.hasRemaining()) {
                throw new IOException("short append to " + file);
            }
        }
    }
}
