package io.cachedfactory.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A store of cached objects: a memory tier in this process and a disk tier in a directory shared by
 * every process on the host. One store serves many factories. TODO: being written.
 */
public final class CacheStore implements AutoCloseable {

    private CacheStore() {
    }

    /** Opens (creating if needed) the store in {@code directory} with default options. */
    public static CacheStore open(Path directory) {
        return builder(directory).open();
    }

    /** The process-wide store in {@link #defaultDirectory()}, opened on first use. */
    public static CacheStore defaultStore() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Where the default store lives: {@code -Dcachedfactory.dir}, else {@code CACHEDFACTORY_DIR},
     * else {@code $XDG_CACHE_HOME/cachedfactory}, else {@code ~/.cache/cachedfactory}.
     */
    public static Path defaultDirectory() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Starts configuring a store in {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The store's directory. */
    public Path directory() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The cache of one factory in this store; generated factories call this once each. */
    public <T> FactoryCache<T> cache(FactoryDescriptor<T> descriptor) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Releases the index and file locks; objects already handed out stay valid. */
    @Override
    public void close() {
    }

    /** A store's options. */
    public static final class Builder {
        private final Path directory;
        private long memoryBudgetBytes = 256L << 20;
        private long diskBudgetBytes = Long.MAX_VALUE;

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

        /** Payload bytes the disk tier may hold; unlimited by default. */
        public Builder diskBudget(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("diskBudget must be > 0, was " + bytes);
            }
            this.diskBudgetBytes = bytes;
            return this;
        }

        /** Opens the store. Never throws for storage trouble: the store degrades and warns. */
        public CacheStore open() {
            throw new UnsupportedOperationException("TODO");
        }
    }
}
