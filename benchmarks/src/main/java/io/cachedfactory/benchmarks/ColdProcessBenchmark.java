package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.CacheStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * Issue 12: a cold process, from JVM start to the object in hand. A one-shot process (a command
 * line tool, a CI step) pays everything once: JVM start, class loading, the store's open, the
 * codec's warm-up (Fory's generated serializers, say) and an interpreted first decode. Each
 * invocation starts a child JVM (ColdLoad: the same java, the benchmarks jar on its class path,
 * the store's JVM options) that opens the store prepared at setup, gets the 64 MiB graph
 * (GRAPH_MIB) and exits; the time is from starting the process to its exit.
 *
 *   defaultCodec       the child gets the graph through the generated GraphFactory (the store's
 *                      default codec)
 *   javaSerialization  the child gets it through a descriptor with Java serialization chosen
 *                      explicitly
 *   jvmStartFloor      a child that starts and exits (ColdLoad.Nothing): what any JVM costs
 *
 * childJvmArgs: options for the children only, split at white space, such as
 * -Dcachedfactory.fory.codegen=off; JMH runs one trial per value given with
 * -p childJvmArgs=a,b,c, so the codec's modes are compared in one run. The children get no heap
 * options: a one-shot process runs with the JVM's defaults.
 *
 * SingleShotTime: each invocation is one child, and warm-up iterations only warm the parent's
 * launching code; the children are cold by construction. Files stay in the page cache (setup
 * wrote them). Checks: every child must report one disk hit and no build; at setup each child kind
 * runs once (untimed) to report the graph's checksum, which must be the stored graph's.
 *
 * Target (issue 12): the default codec costs a cold process no more than Java serialization
 * (time ratio javaSerialization / defaultCodec >= 1).
 */

/** Time from JVM start to the 64 MiB graph in hand: default codec vs Java serialization. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ColdProcessBenchmark {

    /** The graph's size, in MiB of Java serialization. */
    static final int GRAPH_MIB = 64;

    /** The default (interpreted Fory serializers), then Fory's generated ones, eager and lazy. */
    @Param({"", "-Dcachedfactory.fory.codegen=on", "-Dcachedfactory.fory.codegen=async"})
    public String childJvmArgs;

    private Path directory;
    private int nodes;
    private List<String> jvmArgs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        nodes = Graph.nodesFor(GRAPH_MIB);
        jvmArgs = ChildJvm.split(childJvmArgs);
        directory = Bench.scratch("cold-process");
        long checksum;
        try (CacheStore store = CacheStore.open(directory)) {
            Graph graph = new GraphFactory(store).of(nodes);
            GraphCaches.store(store, graph);
            checksum = graph.checksum();
        }
        for (String codec : List.of("default", "java")) {
            String expected = "checksum=" + checksum;
            String out = load(codec, "check");
            if (!out.contains(expected)) {
                throw new IllegalStateException("the " + codec + " child did not load the"
                        + " stored graph (" + expected + "):\n" + out);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Bench.delete(directory);
    }

    @Benchmark
    public String defaultCodec() throws Exception {
        return load("default");
    }

    @Benchmark
    public String javaSerialization() throws Exception {
        return load("java");
    }

    @Benchmark
    public String jvmStartFloor() throws Exception {
        return ChildJvm.output(ChildJvm.start(jvmArgs, ColdLoad.Nothing.class));
    }

    /** Runs a child that loads the graph with {@code codec}; checks it read it from disk. */
    private String load(String codec, String... extra) throws IOException, InterruptedException {
        String[] args = new String[3 + extra.length];
        args[0] = codec;
        args[1] = directory.toString();
        args[2] = Integer.toString(nodes);
        System.arraycopy(extra, 0, args, 3, extra.length);
        String out = ChildJvm.output(ChildJvm.start(jvmArgs, ColdLoad.class, args));
        if (!out.contains("nodes=" + nodes + " diskHits=1 builds=0")) {
            throw new IllegalStateException("the " + codec + " child did not load the graph"
                    + " from disk:\n" + out);
        }
        return out;
    }
}
