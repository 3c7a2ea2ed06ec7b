package io.cachedfactory.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process of this test, on a free loopback port, with persistence off.
 * Tests stop and restart it at will (on the same port); closing it kills it. The binary is
 * {@code -Dcachedfactory.redis.server}, else {@code redis-server} on the PATH (Debian's package
 * {@code redis-server}).
 */
final class RedisServer implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final int PORT_ATTEMPTS = 5;

    private final Path directory;
    private final int port;
    private Process process;

    private RedisServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts a server on a free loopback port, keeping its log in {@code directory}. */
    static RedisServer start(Path directory) {
        IOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            RedisServer server = new RedisServer(directory, freePort());
            try {
                server.launch();
                return server;
            } catch (IOException e) {
                last = e; // the port was taken between probing and binding: try another
                server.close();
            }
        }
        throw new UncheckedIOException("cannot start redis-server", last);
    }

    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>} followed by {@code suffix} (a query, for example). */
    URI uri(String suffix) {
        return URI.create("redis://127.0.0.1:" + port + suffix);
    }

    URI uri() {
        return uri("");
    }

    /** Whether the process runs. */
    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server at once (SIGKILL): in-flight commands and connections break. */
    void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    fail("redis-server on port " + port + " still runs 30 s after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            process = null;
        }
    }

    /** Starts the server again, empty, on the same port. */
    void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart redis-server on port " + port, e);
        }
    }

    /** Sends one command and returns the raw reply (RESP), for tests. */
    String command(String... args) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int read = in.read(buffer);
            return read < 0 ? "" : new String(buffer, 0, read, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() throws IOException {
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>(List.of(binary(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString(),
                "--daemonize", "no", "--loglevel", "warning",
                "--enable-debug-command", "local"));
        Path log = directory.resolve("redis-" + port + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            if (pong(1000)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting redis-server", e);
            }
        }
        throw new IOException("redis-server did not answer PING within " + START_TIMEOUT_MILLIS
                + " ms: " + Files.readString(log));
    }

    /** Whether the server answers a PING within 200 ms (not while it sleeps in DEBUG SLEEP). */
    boolean commandAnswers() {
        return pong(200);
    }

    private boolean pong(int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII)
                    .startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String binary() {
        String configured = System.getProperty("cachedfactory.redis.server");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("redis-server not found on the PATH: install Debian's redis-server package"
                + " (apt-get install -y redis-server) or set -Dcachedfactory.redis.server=<path>");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
