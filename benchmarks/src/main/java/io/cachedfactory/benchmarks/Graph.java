package io.cachedfactory.benchmarks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * An object graph of many small objects (about 1 MiB when serialized): what the default codec is
 * for, and what a hand-rolled ObjectOutputStream cache stores.
 */
public final class Graph implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Nodes in a graph of about 1 MiB serialized. */
    public static final int ONE_MIB_NODES = 20_000;

    private final List<Node> nodes;

    private Graph(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** A deterministic graph of {@code count} nodes, each linked to an earlier one. */
    public static Graph of(int count) {
        List<Node> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Node parent = i == 0 ? null : nodes.get((i * 7919) % i);
            nodes.add(new Node(i, i * 1_000_003L, i / 3.0, "n" + i, parent));
        }
        return new Graph(nodes);
    }

    /** How many nodes. */
    public int size() {
        return nodes.size();
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
