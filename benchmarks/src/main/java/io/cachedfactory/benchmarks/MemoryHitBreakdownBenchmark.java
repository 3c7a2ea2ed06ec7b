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
 * What the generated memory hit saves since issue 12, through public API only: building the
 * RequestKey of a call (signature, parameter names and the canonical argument bytes), which every
 * get built before and only a memory miss builds now, and hashing it; against building the record
 * of the arguments, which is what a hit builds now. Compare with MemoryHitBenchmark.generated_1t.
 */

/** Diagnostic: the request key a memory miss encodes vs the argument record a hit builds. */
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
