package io.cachedfactory.benchmarks;

import io.cachedfactory.CachedFactory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;

/**
 * An object graph of many small objects (about 1 MiB per {@link #ONE_MIB_NODES} nodes when
 * serialized): what the default codec is for, and what a hand-rolled ObjectOutputStream cache
 * stores. {@code GraphFactory} is its generated factory, with the store's default codec.
 */
public final class Graph implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Nodes in a graph of about 1 MiB serialized. */
    public static final int ONE_MIB_NODES = 20_000;

    private final List<Node> nodes;

    private Graph(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Nodes in a graph of about {@code sizeMiB} MiB serialized. */
    public static int nodesFor(int sizeMiB) {
        return sizeMiB * ONE_MIB_NODES;
    }

    /** A deterministic graph of {@code count} nodes, each linked to an earlier one. */
    @CachedFactory
    public static Graph of(int count) {
        List<Node> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // In long arithmetic: i * 7919 overflows an int past 271,000 nodes.
            Node parent = i == 0 ? null : nodes.get((int) (i * 7919L % 104_729 % i));
            nodes.add(new Node(i, i * 1_000_003L, i / 3.0, "n" + i, parent));
        }
        return new Graph(nodes);
    }

    /** How many nodes. */
    public int size() {
        return nodes.size();
    }

    /**
     * A digest of every node's fields and of which node its parent is: equal for a graph and its
     * copy read back from disk.
     */
    public long checksum() {
        IdentityHashMap<Node, Integer> index = new IdentityHashMap<>();
        long sum = 17;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            index.put(node, i);
            Integer parent = node.parent == null ? null : index.get(node.parent);
            sum = 31 * sum + Objects.hash(node.id, node.stamp, node.weight, node.label,
                    parent);
        }
        return sum;
    }

    /** One small object of the graph. */
    public static final class Node implements Serializable {

        private static final long serialVersionUID = 1L;

        private final int id;
        private final long stamp;
        private final double weight;
        private final String label;
        private final Node parent;

        Node(int id, long stamp, double weight, String label, Node parent) {
            this.id = id;
            this.stamp = stamp;
            this.weight = weight;
            this.label = label;
            this.parent = parent;
        }

        @Override
        public String toString() {
            return label + "#" + id + "@" + stamp + "/" + weight + (parent == null ? "" : "<-"
                    + parent.id);
        }
    }
}
