package io.cachedfactory.runtime;

import io.cachedfactory.runtime.internal.FactoryCache;
import io.cachedfactory.runtime.internal.FactoryDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store of cached objects: a memory tier in this process and a disk tier in a directory shared by
 * every process on the host. One store serves many factories.
 *
 * <pre>{@code
 * try (CacheStore store = CacheStore.builder(Path.of("/var/cache/tables"))
 *         .memoryBudget(2L << 30)
 *         .open()) {
 *     Table table = new TableFactory(store).get("sales", 2024);
 * }
 * }</pre>
 *
 * <p>The directory holds a Chronicle Map index and one payload file per entry, and is created
 * readable by its owner only. Storage trouble (an unwritable or full directory, a corrupt index or
 * payload, missing JVM options for Chronicle Map) never fails a request: the store degrades to
 * building and memory-only, logs one warning per cause and counts each occurrence in
 * {@link FactoryStats#storageErrors()}.
 *
 * <p>Stores are thread-safe. Closing a store releases its index and file locks; requests made after
 * that still succeed, building without storing.
 */
public final class CacheStore implements AutoCloseable {

    private static final long DEFAULT_INDEX_ENTRIES = 100_000;

    private final Path directory;
    /** The directory's real path: what tells two stores on one directory apart. */
    private final Path identity;
    private final MemoryTier memory;
    private final EntryId.Hasher hasher;
    private final Evictor.Limits limits;
    private final PayloadSigner signer;
    private final RemoteTier remote;
    private final Map<String, StoreFactoryCache<?>> caches = new ConcurrentHashMap<>();
    private volatile DiskTier disk;

    private CacheStore(Builder builder) {
        this.directory = builder.directory.toAbsolutePath().normalize();
        this.memory = new MemoryTier(builder.memoryBudgetBytes);
        this.hasher = builder.hasher;
        this.limits = new Evictor.Limits(builder.diskBudgetBytes, builder.maxEntries,
                builder.maxEntryAge);
        this.signer = builder.signingKey == null ? null : new PayloadSigner(builder.signingKey);
        this.remote = builder.remote;
        Path root = directory;
        DiskTier acquired = null;
        try {
            // Checked before anything in the directory is created, deleted, locked or parsed.
            root = StoreDirectory.locate(directory, builder.existingOnly);
            if (DirectoryAccess.isPrivate(root, StorageWarnings.of(root),
                    builder.requirePrivate, signer != null)) {
                acquired = DiskTier.acquire(root, builder.indexEntries, !builder.existingOnly);
            }
        } catch (StoreDirectory.NotAStoreException e) {
            // existingOnly, and no store there: the caller asked to be told.
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException | RuntimeException | Error e) {
            StorageWarnings.of(directory).warnOnce("cannot use the store directory",
                    "building without storing", e);
        }
        this.identity = root;
        this.disk = acquired;
    }

    /** Opens (creating if needed) the store in {@code directory} with default options. */
    public static CacheStore open(Path directory) {
        return builder(directory).open();
    }

    /**
     * The process-wide store in {@link #defaultDirectory()}, opened on first use and closed when the
     * JVM exits.
     */
    public static CacheStore defaultStore() {
        return DefaultStore.STORE;
    }

    /**
     * Where the default store lives: the system property {@code cachedfactory.dir}, else the
     * environment variable {@code CACHEDFACTORY_DIR}, else {@code $XDG_CACHE_HOME/cachedfactory},
     * else {@code ~/.cache/cachedfactory}.
     */
    public static Path defaultDirectory() {
        return defaultDirectory(System.getProperty("cachedfactory.dir"),
                System.getenv("CACHEDFACTORY_DIR"), System.getenv("XDG_CACHE_HOME"),
                System.getProperty("user.home"));
    }

    static Path defaultDirectory(String property, String environment, String xdgCacheHome,
            String userHome) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (environment != null && !environment.isBlank()) {
            return Path.of(environment);
        }
        if (xdgCacheHome != null && !xdgCacheHome.isBlank()) {
            return Path.of(xdgCacheHome, "cachedfactory");
        }
        return Path.of(userHome, ".cache", "cachedfactory");
    }

    /** Starts configuring a store in {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The store's directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Listing, pruning, verifying and removing this store's entries on disk: what the
     * {@code cachedfactory} command line tool does, safe beside other processes using the store.
     */
    public StoreMaintenance maintenance() {
        return new StoreMaintenance(this);
    }

    /** The directory's real path; stores opened through different paths to it share it. */
    Path identity() {
        return identity;
    }

    /**
     * The signing key configured outside the code: the system property
     * {@code cachedfactory.signingKey}, else the environment variable
     * {@code CACHEDFACTORY_SIGNING_KEY} (its UTF-8 bytes). The default store signs with it, and
     * the command line tool checks signatures with it.
     */
    public static java.util.Optional<byte[]> signingKeyFromEnvironment() {
        return DefaultStore.setting("cachedfactory.signingKey", "CACHEDFACTORY_SIGNING_KEY")
                .map(key -> key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The cache of one factory in this store; generated factories call this. Factories with the same
     * name and fingerprint share one cache and one set of counters.
     */
    @SuppressWarnings("unchecked")
    public <T> FactoryCache<T> cache(FactoryDescriptor<T> descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        String id = descriptor.name() + "@" + descriptor.fingerprint().version();
        StoreFactoryCache<?> cache = caches.computeIfAbsent(id,
                ignored -> new StoreFactoryCache<>(descriptor, this));
        if (cache.descriptor().type() != descriptor.type()) {
            throw new IllegalArgumentException("factory name '" + descriptor.name()
                    + "' is already used for " + cache.descriptor().type().getName());
        }
        return (FactoryCache<T>) cache;
    }

    /**
     * Releases the index and file locks, empties the memory tier, and closes the remote tier (after
     * its pending publishes).
     */
    @Override
    public synchronized void close() {
        DiskTier open = disk;
        disk = null;
        if (open != null) {
            open.release();
        }
        memory.clear();
        if (remote != null) {
            remote.close();
        }
    }

    @Override
    public String toString() {
        return "CacheStore[" + directory + (disk == null ? ", closed or memory-only]" : "]");
    }

    DiskTier disk() {
        return disk;
    }

    MemoryTier memory() {
        return memory;
    }

    EntryId.Hasher hasher() {
        return hasher;
    }

    Evictor.Limits limits() {
        return limits;
    }

    /** The shared tier between the local disk and the build, or null. */
    RemoteTier remote() {
        return remote;
    }

    /** Signs written payloads and verifies loaded ones, or null when the store has no key. */
    PayloadSigner signer() {
        return signer;
    }

    /** A store's options. */
    public static final class Builder {
        private final Path directory;
        private long memoryBudgetBytes = 256L << 20;
        private long diskBudgetBytes = Long.MAX_VALUE;
        private long maxEntries = Long.MAX_VALUE;
        private java.time.Duration maxEntryAge;
        private long indexEntries = DEFAULT_INDEX_ENTRIES;
        private EntryId.Hasher hasher = EntryId.SHA_256;
        private byte[] signingKey;
        private RemoteTier remote;
        private boolean requirePrivate;
        private boolean existingOnly;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** Bytes of recently used objects the memory tier keeps alive; 256 MiB by default. */
        public Builder memoryBudget(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("memoryBudget must be >= 0, was " + bytes);
            }
            this.memoryBudgetBytes = bytes;
            return this;
        }

        /**
         * Payload bytes the disk tier may hold; unlimited by default. After each write, least
         * recently used entries are evicted in the background until the store is within budget;
         * an entry some process is loading or building is never evicted.
         */
        public Builder diskBudget(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("diskBudget must be > 0, was " + bytes);
            }
            this.diskBudgetBytes = bytes;
            return this;
        }

        /** Entries the disk tier may hold, evicted least recently used first; unlimited by default. */
        public Builder maxEntries(long entries) {
            if (entries <= 0) {
                throw new IllegalArgumentException("maxEntries must be > 0, was " + entries);
            }
            this.maxEntries = entries;
            return this;
        }

        /**
         * Age after which stored entries of every factory are evicted, whatever their own
         * {@code maxAge}; unlimited by default.
         */
        public Builder maxEntryAge(java.time.Duration age) {
            Objects.requireNonNull(age, "age");
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("maxEntryAge must be positive, was " + age);
            }
            this.maxEntryAge = age;
            return this;
        }

        /**
         * How many entries the index is sized for at creation; it grows past this on demand.
         * 100,000 by default.
         */
        public Builder expectedEntries(long entries) {
            if (entries <= 0) {
                throw new IllegalArgumentException("expectedEntries must be > 0, was " + entries);
            }
            this.indexEntries = entries;
            return this;
        }

        /**
         * Signs every payload written with HMAC-SHA256 under {@code key} (at least
         * {@value RemoteTierSupport#MIN_SIGNING_KEY_BYTES} bytes), and serves only payloads whose
         * signature verifies: an unsigned or wrongly signed payload is a miss and is never
         * deserialized. For stores shared between users or machines; every
         * process sharing the store needs the same key.
         */
        public Builder signingKey(byte[] key) {
            RemoteTierSupport.checkSigningKey(key);
            this.signingKey = key.clone();
            return this;
        }

        /**
         * Refuses a store directory that other users can write to (the store then works in memory
         * only and logs an error), instead of the default warning. Anyone who can write the
         * directory can make this process decode their payloads, unless payloads are signed.
         */
        public Builder requirePrivateDirectory(boolean require) {
            this.requirePrivate = require;
            return this;
        }

        /**
         * Opens only a directory that already holds a store, as the command line tool does: no
         * store is created, and nothing is repaired: a link found where the store keeps a folder is
         * left alone (never followed) rather than replaced, and an index that cannot be used stays
         * where it is (its problem is reported by {@link StoreMaintenance#verify}) instead of being
         * moved aside and rebuilt. The store is otherwise used as any process uses it: a lone
         * opener still removes the temporary files of killed writers and recovers the index after
         * an unclean stop. {@link #open()} then throws {@link IllegalArgumentException} naming
         * the directory when it holds no store.
         */
        public Builder existingOnly() {
            this.existingOnly = true;
            return this;
        }

        /**
         * Adds a tier shared by many machines between the local disk and the build; the store closes
         * it when it closes.
         */
        public Builder remote(RemoteTier tier) {
            this.remote = Objects.requireNonNull(tier, "tier");
            return this;
        }

        /**
         * Adds the remote tier that a {@link RemoteTierProvider} on the class path opens for
         * {@code uri}, such as {@code redis://localhost:6379} with the {@code cachedfactory-redis}
         * module.
         *
         * @param signingKey the key remote entries are signed and verified with, if any
         * @throws IllegalArgumentException when no provider on the class path handles the URI
         */
        public Builder remote(java.net.URI uri, java.util.Optional<byte[]> signingKey) {
            Objects.requireNonNull(uri, "uri");
            return remote(RemoteTierProvider.openFromClassPath(uri, signingKey,
                    CacheStore.class.getClassLoader()));
        }

        /** Test hook: replaces the entry-id hash, for example to force collisions. */
        Builder hasher(EntryId.Hasher hasher) {
            this.hasher = Objects.requireNonNull(hasher, "hasher");
            return this;
        }

        /**
         * Opens the store. Never throws for storage trouble: the store degrades and warns.
         *
         * @throws IllegalArgumentException only with {@link #existingOnly()}, when the directory
         *     holds no store
         */
        public CacheStore open() {
            return new CacheStore(this);
        }
    }
}
