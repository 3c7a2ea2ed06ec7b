package io.cachedfactory.runtime;

import io.cachedfactory.common.StoreFormat;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The self-describing header of a payload file, from which the index can be rebuilt.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic "CFPAYLD" + 0x1A
 * 8       2     format version (1)
 * 10      4     length n of the fields section
 * 14      n     fields: factory name, key bytes, fingerprint components, codec id,
 *               created millis, body length, body CRC32C, HMAC-SHA256 signature (32 bytes,
 *               all zero when unsigned)
 * 14+n    4     CRC32C of bytes [0, 14+n)
 * 18+n    ...   body (codec output)
 * </pre>
 *
 * All integers are big-endian; strings are an int length and UTF-8 bytes. Every length is checked
 * against a bound before anything is allocated, so a corrupt or hostile file cannot cause a large
 * allocation.
 */
record PayloadHeader(
        String factory,
        byte[] key,
        SortedMap<String, String> fingerprint,
        String codecId,
        long createdMillis,
        long bodyLength,
        int bodyChecksum,
        byte[] signature) {

    static final byte[] MAGIC = {'C', 'F', 'P', 'A', 'Y', 'L', 'D', 0x1A};
    /** The store format version: one number with the fingerprint's {@code format:} component. */
    static final short FORMAT_VERSION = Short.parseShort(StoreFormat.FORMAT);
    static final int PREFIX_LENGTH = MAGIC.length + 2 + 4;
    static final int SIGNATURE_LENGTH = 32;
    static final byte[] UNSIGNED = new byte[SIGNATURE_LENGTH];
    /**
     * The largest key a payload stores: a larger one is kept in memory only (with a warning), so
     * that every key written can be read back. Reading never allocates more than the file holds.
     */
    static final int MAX_KEY_BYTES = 256 << 20;
    /** The key plus room for names, fingerprint components and fixed fields; larger is corrupt. */
    static final int MAX_FIELDS_LENGTH = MAX_KEY_BYTES + (16 << 20);
    private static final int MAX_COMPONENTS = 10_000;

    PayloadHeader {
        fingerprint = Collections.unmodifiableSortedMap(new TreeMap<>(fingerprint));
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signatures are " + SIGNATURE_LENGTH + " bytes");
        }
    }

    /** A header for a payload about to be written: body length, checksum and signature follow. */
    static PayloadHeader unwritten(String factory, byte[] key, SortedMap<String, String> fingerprint,
            String codecId, long createdMillis) {
        return new PayloadHeader(factory, key, fingerprint, codecId, createdMillis, 0, 0, UNSIGNED);
    }

    /** Total header bytes before the body. */
    int length() {
        return encode().length;
    }

    PayloadHeader withBody(long length, int checksum) {
        return new PayloadHeader(factory, key, fingerprint, codecId, createdMillis, length, checksum,
                signature);
    }

    PayloadHeader withSignature(byte[] newSignature) {
        return new PayloadHeader(factory, key, fingerprint, codecId, createdMillis, bodyLength,
                bodyChecksum, newSignature);
    }

    /** Whether this header describes exactly the entry a request is looking for. */
    boolean matches(String expectedFactory, byte[] expectedKey, Fingerprint expectedFingerprint,
            String expectedCodecId) {
        return factory.equals(expectedFactory) && Arrays.equals(key, expectedKey)
                && fingerprint.equals(expectedFingerprint.components())
                && codecId.equals(expectedCodecId);
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream fieldBytes = new ByteArrayOutputStream(256 + key.length);
            DataOutputStream fields = new DataOutputStream(fieldBytes);
            writeString(fields, factory);
            fields.writeInt(key.length);
            fields.write(key);
            fields.writeInt(fingerprint.size());
            for (var component : fingerprint.entrySet()) {
                writeString(fields, component.getKey());
                writeString(fields, component.getValue());
            }
            writeString(fields, codecId);
            fields.writeLong(createdMillis);
            fields.writeLong(bodyLength);
            fields.writeInt(bodyChecksum);
            fields.write(signature);
            fields.flush();

            ByteArrayOutputStream all = new ByteArrayOutputStream(PREFIX_LENGTH + fieldBytes.size() + 4);
            DataOutputStream out = new DataOutputStream(all);
            out.write(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeInt(fieldBytes.size());
            fieldBytes.writeTo(out);
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(all.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return all.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /**
     * Parses a header from the start of a payload file.
     *
     * @param prefix the first {@link #PREFIX_LENGTH} bytes
     * @param rest reads the following bytes on demand
     * @throws CorruptPayloadException when anything does not check out
     */
    static PayloadHeader decode(ByteBuffer prefix, ByteSource rest) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        prefix.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CorruptPayloadException("not a cachedfactory payload (bad magic)");
        }
        short version = prefix.getShort();
        if (version != FORMAT_VERSION) {
            throw new CorruptPayloadException("unknown payload format version " + version);
        }
        int fieldsLength = prefix.getInt();
        if (fieldsLength < 0 || fieldsLength > MAX_FIELDS_LENGTH) {
            throw new CorruptPayloadException("header length " + fieldsLength + " out of range");
        }
        byte[] fieldsAndCrc = rest.read(fieldsLength + 4);
        CRC32C crc = new CRC32C();
        crc.update(prefix.array(), 0, PREFIX_LENGTH);
        crc.update(fieldsAndCrc, 0, fieldsLength);
        int storedCrc = ByteBuffer.wrap(fieldsAndCrc, fieldsLength, 4).getInt();
        if ((int) crc.getValue() != storedCrc) {
            throw new CorruptPayloadException("header checksum mismatch");
        }
        try {
            DataInputStream in = new DataInputStream(
                    new java.io.ByteArrayInputStream(fieldsAndCrc, 0, fieldsLength));
            String factory = readString(in, fieldsLength);
            byte[] key = readBytes(in, fieldsLength);
            int components = in.readInt();
            if (components < 0 || components > MAX_COMPONENTS) {
                throw new CorruptPayloadException("component count " + components + " out of range");
            }
            TreeMap<String, String> fingerprint = new TreeMap<>();
            for (int i = 0; i < components; i++) {
                fingerprint.put(readString(in, fieldsLength), readString(in, fieldsLength));
            }
            String codecId = readString(in, fieldsLength);
            long created = in.readLong();
            long bodyLength = in.readLong();
            int bodyChecksum = in.readInt();
            byte[] signature = new byte[SIGNATURE_LENGTH];
            in.readFully(signature);
            if (bodyLength < 0) {
                throw new CorruptPayloadException("negative body length");
            }
            return new PayloadHeader(factory, key, fingerprint, codecId, created, bodyLength,
                    bodyChecksum, signature);
        } catch (EOFException e) {
            throw new CorruptPayloadException("header fields truncated");
        }
    }

    /** Reads exactly {@code n} more bytes of a file, failing on a short file. */
    @FunctionalInterface
    interface ByteSource {
        byte[] read(int n) throws IOException;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in, int bound) throws IOException {
        return new String(readBytes(in, bound), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in, int bound) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > bound) {
            throw new CorruptPayloadException("field length " + length + " out of range");
        }
        return in.readNBytes(length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PayloadHeader that && factory.equals(that.factory)
                && Arrays.equals(key, that.key) && fingerprint.equals(that.fingerprint)
                && codecId.equals(that.codecId) && createdMillis == that.createdMillis
                && bodyLength == that.bodyLength && bodyChecksum == that.bodyChecksum
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + factory.hashCode();
    }

    @Override
    public String toString() {
        return "PayloadHeader[" + factory + ", " + key.length + " key bytes, " + codecId + ", "
                + bodyLength + " body bytes]";
    }
}
