package io.cachedfactory.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A real S3Proxy server of this test, in a process of its own ({@code java -jar s3proxy.jar}, the
 * jar with its dependencies that the build copies to {@code target/s3proxy/} and names in the
 * system property {@code s3proxy.jar}), on a free loopback port, storing into a directory the test
 * owns. Tests kill, stall and restart it at will (on the same port, over the same data); closing
 * it kills it.
 *
 * <p>The backend is S3Proxy's {@code filesystem} store (in 4.x the NIO.2 store once called
 * {@code filesystem-nio2}; jclouds is gone): a bucket is a directory under the data directory, an
 * object a file, its content and user metadata in the file's user extended attributes (so the
 * data directory must be on a file system that has them: ext4, xfs, btrfs; tmpfs only from Linux
 * 6.6). All of it survives a restart. It is the one local, durable store that evaluates
 * {@code If-None-Match: *} as it writes, for a PUT and for CompleteMultipartUpload alike
 * (S3Proxy's {@code Quirks.NATIVE_IF_NONE_MATCH} and {@code NATIVE_CONDITIONAL_COMPLETE}): it
 * publishes the object with a hard link, which fails if the key exists, instead of checking first
 * and writing after. {@code If-Match} is a check then a write inside the S3Proxy process, exact
 * as long as that process is the only writer of the directory, as here. ({@code transient} has
 * the same semantics but keeps everything in memory, so nothing would survive
 * {@link #kill()}.)
 *
 * <p>Requests must be signed (AWS signature v2 or v4) with {@link #accessKey()} and
 * {@link #secretKey()}; the server takes path-style requests only (no virtual host is
 * configured). {@link #client()} builds a matching AWS SDK v2 client.
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final String ACCESS_KEY = "cachedfactory-test";
    /** 40 characters, the length of a real AWS secret key. */
    private static final String SECRET_KEY = "cachedfactory/test/secret/0123456789abcd";
    private static final Region REGION = Region.US_EAST_1;

    /** Generous: a cold JVM on a loaded 2-core machine. S3Proxy alone starts in about a second. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int PORT_ATTEMPTS = 5;
    private static final int LOG_TAIL_CHARS = 6000;

    /**
     * A small heap and a quick start (the server holds at most a few parts of 5 MiB), and no
     * logback start-up chatter in the log, so that its tail shows S3Proxy's own lines.
     */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");

    private final Path jar;
    private final Path dataDirectory;
    /** The properties file and the log: the harness's own files, deleted on close. */
    private final Path harnessDirectory;
    private final int port;
    private Process process;

    private S3ProxyServer(Path jar, Path dataDirectory, Path harnessDirectory, int port) {
        this.jar = jar;
        this.dataDirectory = dataDirectory;
        this.harnessDirectory = harnessDirectory;
        this.port = port;
    }

    /**
     * Starts a server on a free loopback port that stores its buckets in {@code dataDirectory}
     * (created if absent), and returns once it answers a signed ListBuckets.
     */
    public static S3ProxyServer start(Path dataDirectory) {
        Path jar = s3ProxyJar();
        IOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            S3ProxyServer server;
            try {
                Files.createDirectories(dataDirectory);
                server = new S3ProxyServer(jar, dataDirectory.toAbsolutePath(),
                        Files.createTempDirectory("cachedfactory-s3proxy-"), freePort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean started = false;
            try {
                server.launch();
                started = true;
                return server;
            } catch (PortTakenException e) {
                last = e; // the port was taken between probing and binding: try another
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start S3Proxy", e);
            } finally {
                if (!started) {
                    server.close();
                }
            }
        }
        throw new UncheckedIOException("cannot start S3Proxy: " + PORT_ATTEMPTS
                + " ports in a row were taken", last);
    }

    /** {@code http://127.0.0.1:<port>}, the endpoint for path-style requests. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    int port() {
        return port;
    }

    /** The directory the buckets live in (one subdirectory each). */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether the process runs (a stalled one included). */
    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * A client builder set up for this server: region, endpoint, path-style addressing, its
     * credentials and the JDK's HTTP client. Tests override what they probe (credentials,
     * timeouts) before building.
     *
     * <p>The SDK's checksum defaults stay: over plain HTTP it sends each upload
     * {@code aws-chunked}, every chunk signed, with a trailing CRC32, and S3Proxy 4.1 checks both
     * the chunk signatures and the trailer. The {@code filesystem} store keeps no checksum to
     * answer with, so downloads carry none (not even with {@code x-amz-checksum-mode: ENABLED})
     * and the SDK's response validation has nothing to check.
     */
    public S3ClientBuilder clientBuilder() {
        return S3Client.builder()
                .region(REGION)
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)));
    }

    /** A new client for this server; the caller closes it. */
    public S3Client client() {
        return clientBuilder().build();
    }

    public void createBucket(String name) {
        try (S3Client client = client()) {
            client.createBucket(request -> request.bucket(name));
        }
    }

    /**
     * Kills the server at once (SIGKILL, a stalled one too) and waits until it is gone: requests
     * in flight and open connections break. What it had written stays in the data directory.
     */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("S3Proxy (pid " + process.pid() + ") on port "
                        + port + " still runs " + STOP_TIMEOUT.toSeconds() + " s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
    }

    /**
     * Freezes the server (SIGSTOP): the kernel still accepts connections on its port, but nothing
     * answers them until {@link #resume()}. The way to make a client meet a hung server.
     */
    void stall() {
        signal("STOP");
    }

    /** Lets a {@link #stall() stalled} server go on (SIGCONT). */
    void resume() {
        signal("CONT");
    }

    /**
     * Kills the server and starts it again on the same port over the same data directory,
     * returning once it answers.
     */
    void restart() {
        kill();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart S3Proxy on port " + port, e);
        }
    }

    /** Kills the server and deletes the harness's own files; the data directory stays. */
    @Override
    public void close() {
        try {
            kill();
        } finally {
            deleteRecursively(harnessDirectory);
        }
    }

    private void launch() throws IOException {
        Path properties = writeProperties();
        Path log = log();
        List<String> command = Stream.of(
                        Stream.of(javaBinary()), JVM_OPTIONS.stream(),
                        Stream.of("-jar", jar.toString(), "--properties", properties.toString()))
                .flatMap(part -> part).toList();
        Files.writeString(log, "--- " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .directory(harnessDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (S3Client probe = probeClient()) {
            while (System.nanoTime() - deadline < 0) {
                if (!process.isAlive()) {
                    int exit = process.exitValue();
                    process = null;
                    String output = Files.readString(log);
                    // Jetty's BindException, as S3Proxy's Main prints it
                    if (output.contains("Failed to bind to")
                            || output.contains("Address already in use")) {
                        throw new PortTakenException(port, tail(output));
                    }
                    throw new IOException("S3Proxy exited with " + exit + " before answering on"
                            + " port " + port + "; its log ends with:\n" + tail(output));
                }
                // Our process must still be alive after the probe: else another server on this
                // port may have answered it.
                if (accepts() && answers(probe) && process.isAlive()) {
                    return;
                }
                sleep(Duration.ofMillis(50));
            }
        }
        kill();
        throw new IOException("S3Proxy did not answer a signed ListBuckets on port " + port
                + " within " + START_TIMEOUT.toSeconds() + " s; its log ends with:\n" + tail(log));
    }

    private Path writeProperties() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", endpoint().toString());
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", ACCESS_KEY);
        properties.setProperty("s3proxy.credential", SECRET_KEY);
        // No s3proxy.virtual-host: bucket names are taken from the path only.
        // The backend keeps the jclouds-era property names although jclouds is gone.
        properties.setProperty("jclouds.provider", "filesystem");
        properties.setProperty("jclouds.filesystem.basedir", dataDirectory.toString());
        Path file = harnessDirectory.resolve("s3proxy.properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "S3Proxy for cachedfactory's tests, port " + port);
        }
        return file;
    }

    /** Short timeouts and no retries: the probe is itself a retry loop. */
    private S3Client probeClient() {
        return clientBuilder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(PROBE_TIMEOUT)
                        .socketTimeout(PROBE_TIMEOUT))
                .overrideConfiguration(override -> override
                        .apiCallTimeout(PROBE_TIMEOUT)
                        .retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(S3Client probe) {
        try {
            probe.listBuckets();
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    private void signal(String signal) {
        if (process == null) {
            throw new IllegalStateException("S3Proxy on port " + port + " does not run");
        }
        long pid = process.pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
                        + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path log() {
        return harnessDirectory.resolve("s3proxy.log");
    }

    private static String tail(Path log) {
        try {
            return Files.exists(log) ? tail(Files.readString(log)) : "(no log " + log + ")";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static String tail(String text) {
        return text.length() <= LOG_TAIL_CHARS ? text
                : "..." + text.substring(text.length() - LOG_TAIL_CHARS);
    }

    /** The jar the build copied; the system property is set by surefire (see the module's pom). */
    private static Path s3ProxyJar() {
        String configured = System.getProperty("s3proxy.jar");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("system property s3proxy.jar is not set: run the"
                    + " tests through Maven (the s3 module's pom copies S3Proxy to"
                    + " target/s3proxy/s3proxy.jar and passes its path)");
        }
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar " + jar + " does not exist: run Maven"
                    + " through the generate-test-resources phase");
        }
        return jar;
    }

    /** This JVM's own {@code java}: S3Proxy 4.1 needs Java 17, as we do. */
    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting S3Proxy", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    /** S3Proxy could not bind its port: someone took it after {@link #freePort()} probed it. */
    private static final class PortTakenException extends IOException {
        PortTakenException(int port, String logTail) {
            super("port " + port + " was taken:\n" + logTail);
        }
    }
}
