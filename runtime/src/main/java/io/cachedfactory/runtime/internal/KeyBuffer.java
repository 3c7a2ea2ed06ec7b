package io.cachedfactory.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/*
 * A key is built on every request, memory hits included, so its buffer is a plain growable array
 * (no synchronized stream, no final copy when it is exactly full), and the modified-UTF-8 forms of
 * signatures and parameter names, which generated code passes as constants, are encoded once.
 */

/** The unsynchronized {@link DataOutput} that {@link RequestKey.Builder} writes a key into. */
final class KeyBuffer implements DataOutput {

    private static final int MAX_CACHED_NAMES = 10_000;
    private static final ConcurrentHashMap<String, byte[]> UTF_FORMS = new ConcurrentHashMap<>();

    private byte[] bytes = new byte[64];
    private int size;

    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    @Override
    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    /** Exactly {@link DataOutputStream#writeUTF}'s bytes. */
    @Override
    public void writeUTF(String s) throws IOException {
        byte[] form = UTF_FORMS.get(s);
        if (form == null) {
            form = modifiedUtf8(s);
            if (UTF_FORMS.size() < MAX_CACHED_NAMES) {
                UTF_FORMS.putIfAbsent(s, form);
            }
        }
        write(form);
    }

    private static byte[] modifiedUtf8(String s) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(s.length() + 2);
        new DataOutputStream(buffer).writeUTF(s); // throws beyond 65,535 bytes, as the contract says
        return buffer.toByteArray();
    }
}
