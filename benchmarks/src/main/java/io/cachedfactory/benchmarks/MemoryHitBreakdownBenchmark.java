package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.internal.RequestKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/*
 * Where the generated memory hit spends its time, through public API only: building the
 * RequestKey that every generated get(a, b) builds (signature and parameter names written with
 * DataOutputStream.writeUTF, then the canonical argument bytes), and hashing it (Arrays.hashCode
 * over all its bytes, recomputed on every call). Compare with MemoryHitBenchmark.generated_1t.
 */

/** Diagnostic: the cost of the request key a generated get builds on every call. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MemoryHitBreakdownBenchmark {

    private final String[] names = new String[MemoryHitBenchmark.KEYS];
    private int next;

    {
        for (int i = 0; i < names.length; i++) {
            names[i] = "table-" + i;
        }
    }

    @Benchmark
    public RequestKey requestKey() {
        int i = next++ & (MemoryHitBenchmark.KEYS - 1);
        return RequestKey.builder("Cube(String,int)").arg("name", names[i]).arg("size", 2000 + i)
                .build();
    }

    @Benchmark
    public int requestKeyAndHash() {
        return requestKey().hashCode();
    }

    @Benchmark
    public CubeKey recordKey() {
        int i = next++ & (MemoryHitBenchmark.KEYS - 1);
        return new CubeKey(names[i], 2000 + i);
    }
}
