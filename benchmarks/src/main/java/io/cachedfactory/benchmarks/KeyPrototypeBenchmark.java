package io.cachedfactory.benchmarks;

import io.cachedfactory.runtime.internal.RequestKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/*
 * Diagnostic for the memory-hit finding: what a memory hit could cost if the runtime built the
 * same key bytes without its per-call overhead. The prototype writes exactly the bytes of
 * RequestKey.builder("Cube(String,int)").arg("name", name).arg("size", size) (checked at setup)
 * the way the proposed fix would: signature and parameter names encoded once, one exact-size
 * array, no DataOutputStream, no per-argument cycle-detection set, the hash computed once. Then
 * one ConcurrentHashMap probe with that key, as a single-lookup memory tier would do.
 */

/** Diagnostic: the key and memory hit the proposed runtime fix would give. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class KeyPrototypeBenchmark {

    private static final byte STRING = 0x10;
    private static final byte INT = 0x05;
    private static final byte[] PREFIX = utf(new String[] {"Cube(String,int)", "name"});
    private static final byte[] SIZE_NAME = utf(new String[] {"size"});

    private final String[] names = new String[MemoryHitBenchmark.KEYS];
    private final ConcurrentHashMap<Key, Cube> map = new ConcurrentHashMap<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < names.length; i++) {
            names[i] = "table-" + i;
            byte[] expected = RequestKey.builder("Cube(String,int)").arg("name", names[i])
                    .arg("size", 2000 + i).build().toByteArray();
            Key key = key(names[i], 2000 + i);
            if (!Arrays.equals(expected, key.bytes)) {
                throw new IllegalStateException("the prototype's bytes differ from RequestKey's");
            }
            map.put(key, new Cube(names[i], 2000 + i));
        }
    }

    @Benchmark
    public Key prototypeKey() {
        int i = next++ & (MemoryHitBenchmark.KEYS - 1);
        return key(names[i], 2000 + i);
    }

    @Benchmark
    public Cube prototypeHit() {
        int i = next++ & (MemoryHitBenchmark.KEYS - 1);
        return map.get(key(names[i], 2000 + i));
    }

    /** Builds the key bytes of Cube(String,int) for ASCII names (what the fix's fast path does). */
    static Key key(String name, int size) {
        int n = name.length();
        byte[] bytes = new byte[PREFIX.length + 1 + 4 + n + SIZE_NAME.length + 1 + 4];
        System.arraycopy(PREFIX, 0, bytes, 0, PREFIX.length);
        int at = PREFIX.length;
        bytes[at++] = STRING;
        at = putInt(bytes, at, n);
        for (int c = 0; c < n; c++) {
            char ch = name.charAt(c);
            if (ch >= 0x80) {
                throw new IllegalArgumentException("prototype handles ASCII only");
            }
            bytes[at++] = (byte) ch;
        }
        System.arraycopy(SIZE_NAME, 0, bytes, at, SIZE_NAME.length);
        at += SIZE_NAME.length;
        bytes[at++] = INT;
        putInt(bytes, at, size);
        return new Key(bytes);
    }

    private static int putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
        return at + 4;
    }

    /** DataOutputStream.writeUTF of each string (all ASCII here), concatenated. */
    private static byte[] utf(String[] strings) {
        byte[][] parts = new byte[strings.length][];
        int length = 0;
        for (int i = 0; i < strings.length; i++) {
            parts[i] = strings[i].getBytes(StandardCharsets.US_ASCII);
            length += 2 + parts[i].length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            out[at++] = (byte) (part.length >>> 8);
            out[at++] = (byte) part.length;
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Key bytes with their hash computed once, as the proposed RequestKey would keep them. */
    static final class Key {
        final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && hash == that.hash
                    && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
