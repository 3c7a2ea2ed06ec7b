package io.cachedfactory.runtime.internal;

import io.cachedfactory.MemoryPolicy;
import io.cachedfactory.runtime.Codec;
import io.cachedfactory.runtime.Fingerprint;
import io.cachedfactory.runtime.ForyCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Everything the store needs to know about one factory: its name, cached type, fingerprint, codec,
 * memory policy, maximum age and invariants. Generated factories hold one in a constant; it is public
 * so that generated code can build it, not for applications.
 *
 * @param <T> the cached type
 */
public final class FactoryDescriptor<T> {

    private final String name;
    private final Class<T> type;
    private final Fingerprint fingerprint;
    private final Codec<T> codec;
    private final MemoryPolicy memoryPolicy;
    private final Optional<Duration> maxAge;
    private final boolean persistent;
    private final List<Predicate<? super T>> invariants;
    private final ToLongFunction<? super T> weigher;

    private FactoryDescriptor(Builder<T> builder) {
        this.name = builder.name;
        this.type = builder.type;
        this.fingerprint = LibraryCheck.verified(
                ResourceCheck.verified(builder.fingerprint, builder.type, builder.name),
                builder.type, builder.name);
        this.codec = builder.codec != null ? builder.codec : ForyCodec.forType(type);
        this.memoryPolicy = builder.memoryPolicy;
        this.maxAge = Optional.ofNullable(builder.maxAge);
        this.persistent = builder.persistent;
        this.invariants = List.copyOf(builder.invariants);
        this.weigher = builder.weigher;
    }

    /**
     * Starts a descriptor.
     *
     * @param type the cached type
     * @param name the factory's stable identity in the store, by convention the generated
     *     factory's fully qualified name
     * @param fingerprint the code version objects are built with
     */
    public static <T> Builder<T> builder(Class<T> type, String name, Fingerprint fingerprint) {
        return new Builder<>(type, name, fingerprint);
    }

    /** The factory's identity in the store. */
    public String name() {
        return name;
    }

    /** The cached type. */
    public Class<T> type() {
        return type;
    }

    /**
     * The fingerprint objects are built and served under: the generated one, except that a declared
     * resource whose bytes on the run-time class path differ from those hashed at compile time
     * counts with its actual digest (Maven does not recompile when only a resource changed).
     */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The codec of payload files. */
    public Codec<T> codec() {
        return codec;
    }

    /** How the memory tier holds objects. */
    public MemoryPolicy memoryPolicy() {
        return memoryPolicy;
    }

    /** How long a stored entry may be served, if limited. */
    public Optional<Duration> maxAge() {
        return maxAge;
    }

    /** Whether objects are written to disk. */
    public boolean persistent() {
        return persistent;
    }

    /** Checks a loaded object must pass before it is served. */
    public List<Predicate<? super T>> invariants() {
        return invariants;
    }

    /** Estimated bytes an object holds in memory, if the factory knows better than its payload size. */
    public ToLongFunction<? super T> weigher() {
        return weigher;
    }

    @Override
    public String toString() {
        return name + "@" + fingerprint.version().substring(0, 12);
    }

    /** Collects a descriptor's options. */
    public static final class Builder<T> {
        private final Class<T> type;
        private final String name;
        private final Fingerprint fingerprint;
        private Codec<T> codec;
        private MemoryPolicy memoryPolicy = MemoryPolicy.WEAK;
        private Duration maxAge;
        private boolean persistent = true;
        private final List<Predicate<? super T>> invariants = new ArrayList<>();
        private ToLongFunction<? super T> weigher;

        private Builder(Class<T> type, String name, Fingerprint fingerprint) {
            this.type = Objects.requireNonNull(type, "type");
            this.name = Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        }

        /** The payload codec; {@link ForyCodec} of {@code type} when not set. */
        public Builder<T> codec(Codec<T> codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** How the memory tier holds objects; {@link MemoryPolicy#WEAK} when not set. */
        public Builder<T> memory(MemoryPolicy policy) {
            this.memoryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Entries older than this are rebuilt. */
        public Builder<T> maxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Whether objects are written to disk; {@code true} when not set. */
        public Builder<T> persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** Adds a check every object loaded from disk must pass before it is served. */
        public Builder<T> invariant(Predicate<? super T> invariant) {
            invariants.add(Objects.requireNonNull(invariant, "invariant"));
            return this;
        }

        /** Estimates an object's size in memory; the payload size is used when not set. */
        public Builder<T> weigher(ToLongFunction<? super T> weigher) {
            this.weigher = Objects.requireNonNull(weigher, "weigher");
            return this;
        }

        /** The finished descriptor. */
        public FactoryDescriptor<T> build() {
            return new FactoryDescriptor<>(this);
        }
    }
}
