package io.cachedfactory.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the key renderer: from any bytes, {@link KeyDecoder#render} and
 * {@link KeyDecoder#renderValue} return a bounded string or throw an IllegalArgumentException whose
 * message starts with {@code "malformed key: "}; nothing else, no OutOfMemoryError, no hang.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this runs its seeds only (regression mode); the surefire
 * execution {@code fuzz-key-decoder} of the runtime's pom fuzzes it for 20 seconds.
 */
class FuzzKeyDecoderTest {

    @FuzzTest(maxDuration = "20s")
    void render_anyBytes_boundedTextOrMalformedKey(byte[] bytes) {
        check(() -> KeyDecoder.render(bytes));
        check(() -> KeyDecoder.renderValue(bytes));
    }

    private static void check(java.util.function.Supplier<String> rendering) {
        try {
            String text = rendering.get();
            assertTrue(text.length() <= KeyDecoder.MAX_RENDERED_CHARS + 1,
                    "rendering of " + text.length() + " chars");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("malformed key: ")) {
                throw new AssertionError("undocumented message", e);
            }
        }
    }
}
