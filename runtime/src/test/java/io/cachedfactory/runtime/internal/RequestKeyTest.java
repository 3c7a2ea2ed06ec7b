package io.cachedfactory.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.MemoryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys of plain arguments compare by value, exactly as their canonical bytes would. */
class RequestKeyTest {

    private static RequestKey key(Object... values) {
        RequestKey.Builder builder = RequestKey.builder("X(...)");
        for (int i = 0; i < values.length; i++) {
            builder.arg("p" + i, values[i]);
        }
        return builder.build();
    }

    /** The canonical bytes as the encoding defines them, written without the fast path. */
    private static byte[] canonical(Object... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("X(...)");
        for (int i = 0; i < values.length; i++) {
            out.writeUTF("p" + i);
            KeyEncoder.encode("p" + i, values[i], out);
        }
        return bytes.toByteArray();
    }

    @Test
    void bytes_plainArguments_areTheCanonicalEncoding() throws IOException {
        Object[] values = {"sales", 2024, 3L, 1.5, 2.5f, true, 'c', (short) 7, (byte) 8,
            MemoryPolicy.SOFT, null};

        assertArrayEquals(canonical(values), key(values).toByteArray());
    }

    @Test
    void equals_plainArguments_agreesWithCanonicalBytes() throws IOException {
        Object[][] pairs = {
            {1, 1L}, {0.0, -0.0}, {Double.NaN, Double.NaN}, {"a", "a"}, {1, 1}, {'a', "a"},
            {MemoryPolicy.WEAK, MemoryPolicy.SOFT}, {null, "null"}, {1.0f, 1.0},
        };
        for (Object[] pair : pairs) {
            boolean sameBytes = java.util.Arrays.equals(canonical(pair[0]), canonical(pair[1]));
            assertEquals(sameBytes, key(pair[0]).equals(key(pair[1])),
                    pair[0] + " vs " + pair[1]);
            if (sameBytes) {
                assertEquals(key(pair[0]).hashCode(), key(pair[1]).hashCode());
            }
        }
    }

    @Test
    void equals_containerArguments_comparesBytes() {
        assertEquals(key(List.of("a", "b"), 1), key(List.of("a", "b"), 1));
        assertNotEquals(key(List.of("a", "b"), 1), key(List.of("b", "a"), 1));
        assertEquals(key(java.util.Set.of("a", "b")), key(new java.util.TreeSet<>(
                List.of("b", "a"))));
    }

    @Test
    void arg_unsupportedAfterPlainArguments_namesTheParameterAtOnce() {
        RequestKey.Builder builder = RequestKey.builder("X(String,Thread)").arg("name", "a");

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> builder.arg("worker", Thread.currentThread()));

        assertTrue(thrown.getMessage().contains("'worker'"), thrown.getMessage());
    }

    @Test
    void describe_plainArguments_readsLikeTheCall() {
        assertEquals("X(...) p0=\"sales\", p1=2024", key("sales", 2024).describe());
    }
}
