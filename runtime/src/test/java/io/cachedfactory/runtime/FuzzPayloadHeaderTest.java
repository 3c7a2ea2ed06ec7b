package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Fuzzes the payload header parser: from any bytes, {@link PayloadHeader#decode} returns a header
 * or throws {@link CorruptPayloadException}; nothing else, no OutOfMemoryError, no hang. Inputs are
 * edits of a valid header, and half of them get a valid header checksum afterwards, so the parser
 * behind the checksum (field lengths, counts) is reached as an attacker would reach it.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this runs its seeds only (regression mode, part of the normal
 * test run); the surefire execution {@code fuzz-payload-header} of the runtime's pom sets it and
 * fuzzes for 20 seconds on every {@code mvn verify}.
 */
class FuzzPayloadHeaderTest {

    private static final byte[] VALID = PayloadHeader.unwritten(
            "io.cachedfactory.runtime.MatrixFactory", MatrixFactory.keyOf("a", 16).bytes(),
            MatrixFactory.FINGERPRINT.components(), "java-serialization/1", 1234)
            .withBody(77, 0x1234).encode();

    @FuzzTest(maxDuration = "20s")
    void decode_editedHeader_returnsOrThrowsCorruptPayloadOnly(FuzzedDataProvider data) {
        byte[] file = VALID.clone();
        int edits = data.consumeInt(0, 16);
        for (int i = 0; i < edits; i++) {
            int at = data.consumeInt(0, file.length - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> file[at] = data.consumeByte();
                case 1 -> ByteBuffer.wrap(file).putInt(Math.min(at, file.length - 4),
                        data.consumeInt());
                default -> file = Arrays.copyOf(file, at);
            }
            if (file.length < 4) {
                break;
            }
        }
        if (data.consumeBoolean()) {
            file = withValidChecksum(file);
        }
        file = concat(file, data.consumeRemainingAsBytes());
        decode(file);
    }

    @FuzzTest(maxDuration = "20s")
    void decode_anyBytes_returnsOrThrowsCorruptPayloadOnly(byte[] file) {
        decode(file);
    }

    /** Decodes {@code file} as PayloadFiles does, from a prefix and a bounded byte source. */
    private static void decode(byte[] file) {
        if (file.length < PayloadHeader.PREFIX_LENGTH) {
            return; // PayloadFiles refuses a file shorter than the prefix before decoding
        }
        ByteBuffer prefix = ByteBuffer.wrap(Arrays.copyOf(file, PayloadHeader.PREFIX_LENGTH));
        int[] position = {PayloadHeader.PREFIX_LENGTH};
        try {
            PayloadHeader header = PayloadHeader.decode(prefix, n -> {
                if (n < 0 || n > file.length - position[0]) {
                    throw new CorruptPayloadException("truncated header");
                }
                position[0] += n;
                return Arrays.copyOfRange(file, position[0] - n, position[0]);
            });
            assertTrue(header.bodyLength() >= 0, "negative body length accepted");
        } catch (CorruptPayloadException expected) {
            // The one documented failure.
        } catch (java.io.IOException e) {
            throw new AssertionError("undocumented IOException", e);
        }
    }

    private static byte[] withValidChecksum(byte[] file) {
        if (file.length < PayloadHeader.PREFIX_LENGTH) {
            return file;
        }
        int fieldsLength = ByteBuffer.wrap(file).getInt(10);
        long end = (long) PayloadHeader.PREFIX_LENGTH + fieldsLength;
        if (fieldsLength < 0 || end + 4 > file.length) {
            return file;
        }
        byte[] fixed = file.clone();
        CRC32C crc = new CRC32C();
        crc.update(fixed, 0, (int) end);
        ByteBuffer.wrap(fixed).putInt((int) end, (int) crc.getValue());
        return fixed;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
