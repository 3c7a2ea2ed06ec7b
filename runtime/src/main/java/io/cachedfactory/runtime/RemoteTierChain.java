package io.cachedfactory.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/*
 * A chain is fetched from in order, nearest first; a hit in a later tier is copied back into the
 * earlier ones (their publish opens the file at once, before the store moves it), so the next
 * machine finds it near. Building takes every tier's lease in the same order, so machines that use
 * the chain and machines that use only its last tier still build each key once; a machine holding
 * a nearer lease may wait on a farther one, never the other way round, so no two machines wait on
 * each other. Publishing hands each tier its own lease, released after its own upload.
 *
 * A back-filled copy carries no expiry of its own: the payload keeps its build time, by which the
 * store ages every entry it adopts, so an entry past its maxAge is still never served.
 */

/**
 * Several remote tiers used as one, nearest first: for example Redis for hot objects in front of
 * S3 for large and durable ones ({@code -Dcachedfactory.remote=redis://cache:6379,s3://bucket/p}).
 * A fetch tries each in turn and copies a hit back into the tiers before it; a build holds every
 * tier's lease; a publish goes to every tier. Closing closes every tier.
 */
public final class RemoteTierChain implements RemoteTier {

    private final List<RemoteTier> tiers;

    private RemoteTierChain(List<RemoteTier> tiers) {
        this.tiers = List.copyOf(tiers);
    }

    /**
     * The chain of {@code tiers}, nearest first.
     *
     * @throws IllegalArgumentException if fewer than two tiers are given
     */
    public static RemoteTierChain of(List<? extends RemoteTier> tiers) {
        Objects.requireNonNull(tiers, "tiers").forEach(t -> Objects.requireNonNull(t, "tier"));
        if (tiers.size() < 2) {
            throw new IllegalArgumentException("a chain needs at least two tiers, was "
                    + tiers.size());
        }
        return new RemoteTierChain(new ArrayList<>(tiers));
    }

    /** The tiers, nearest first. */
    public List<RemoteTier> tiers() {
        return tiers;
    }

    @Override
    public boolean fetch(String entryId, Path target) {
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).fetch(entryId, target)) {
                for (int nearer = 0; nearer < i; nearer++) {
                    tiers.get(nearer).publish(entryId, target, Lease.NONE, Optional.empty());
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public Lease lease(String entryId) throws InterruptedException {
        List<Lease> held = new ArrayList<>();
        try {
            for (RemoteTier tier : tiers) {
                held.add(tier.lease(entryId));
            }
        } catch (InterruptedException | RuntimeException e) {
            new ChainLease(held).close();
            throw e;
        }
        return new ChainLease(held);
    }

    @Override
    public void publish(String entryId, Path payloadFile, Lease lease, Optional<Duration> ttl) {
        List<Lease> parts = lease instanceof ChainLease chain && chain.parts.size() == tiers.size()
                ? chain.parts : null;
        if (parts == null) {
            lease.close();
        }
        for (int i = 0; i < tiers.size(); i++) {
            tiers.get(i).publish(entryId, payloadFile, parts == null ? Lease.NONE : parts.get(i),
                    ttl);
        }
    }

    @Override
    public long errors() {
        return tiers.stream().mapToLong(RemoteTier::errors).sum();
    }

    /** The entries of the last, most durable tier. */
    @Override
    public Optional<RemoteEntries> entries() {
        return tiers.get(tiers.size() - 1).entries();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (RemoteTier tier : tiers) {
            try {
                tier.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "RemoteTierChain" + tiers;
    }

    /** One lease per tier; closing releases them farthest first. */
    private static final class ChainLease implements Lease {
        private final List<Lease> parts;

        ChainLease(List<Lease> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        public void close() {
            for (int i = parts.size() - 1; i >= 0; i--) {
                parts.get(i).close();
            }
        }
    }
}
