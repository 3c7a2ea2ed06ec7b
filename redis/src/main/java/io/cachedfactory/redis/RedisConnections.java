package io.cachedfactory.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * Every Redis call has a bounded timeout (the command timeout, which also bounds connecting).
 * Lettuce reconnects on its own, with jittered back-off; while disconnected it rejects commands at
 * once instead of queueing them until they time out. Control commands (manifests, leases) and bulk
 * chunk transfers use separate connections, so a lease renewal never queues behind a large chunk.
 * Both are opened on first use, never when the tier is opened, so an unreachable server is met by
 * an operation, which fails and is skipped (see RemoteTierHealth).
 */

/** The Lettuce client of one server, and the tier's control and bulk connections to it. */
final class RedisConnections {

    private static final RedisCodec<String, byte[]> CODEC =
            RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final String server;
    private final Duration commandTimeout;
    private final ClientResources resources;
    private final RedisClient client;
    private boolean disconnected; // guarded by this: connections closed for good
    private StatefulRedisConnection<String, byte[]> control; // guarded by this
    private StatefulRedisConnection<String, byte[]> bulk; // guarded by this

    /** Sets {@code redisUri}'s timeout to {@code commandTimeout}; connects nowhere yet. */
    RedisConnections(RedisURI redisUri, Duration commandTimeout) {
        LettuceLogging.quiet();
        redisUri.setTimeout(commandTimeout);
        this.server = (redisUri.isSsl() ? "rediss://" : "redis://") + redisUri.getHost() + ":"
                + redisUri.getPort() + (redisUri.getDatabase() == 0 ? ""
                        : "/" + redisUri.getDatabase());
        this.commandTimeout = commandTimeout;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(5),
                        100, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While disconnected, fail fast instead of queueing commands until a timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout)
                        .keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
    }

    /** The server for messages: scheme, host, port and database, never the password. */
    String server() {
        return server;
    }

    /** The connection for manifests and leases. */
    synchronized StatefulRedisConnection<String, byte[]> control() {
        open();
        return control;
    }

    /** The connection for chunks. */
    synchronized StatefulRedisConnection<String, byte[]> bulk() {
        open();
        return bulk;
    }

    /** Opens both connections on first use, and again after a failed first attempt. */
    private void open() {
        if (disconnected) {
            throw new IllegalStateException("the redis tier is closed");
        }
        if (control == null) {
            StatefulRedisConnection<String, byte[]> first = client.connect(CODEC);
            try {
                bulk = client.connect(CODEC);
            } catch (RuntimeException e) {
                closeConnection(first);
                throw e;
            }
            control = first;
        }
    }

    /** The result of an asynchronous command. */
    <V> V await(RedisFuture<V> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        // Lettuce times the command out itself; this bound only guards against a lost completion.
        return future.get(commandTimeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
    }

    /** Closes both connections for good, and the client. */
    void close() {
        synchronized (this) {
            disconnected = true;
            closeConnection(control);
            closeConnection(bulk);
            control = null;
            bulk = null;
        }
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            RedisRemoteTier.LOG.log(Level.DEBUG, "closing the Redis client", e);
        }
    }

    private static void closeConnection(StatefulRedisConnection<?, ?> connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // Already broken.
            }
        }
    }
}
