package io.cachedfactory.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/*
 * Key bytes come from payload headers that may be corrupt or planted, so every read checks its
 * bounds first and every count is limited before anything is allocated: a malformed key is an
 * IllegalArgumentException naming the offset, never an allocation sized by the input.
 */

/** A bounds-checked reader over the bytes of one key, for {@link KeyDecoder}. */
final class KeyInput {
    private final byte[] bytes;
    int position;

    KeyInput(byte[] bytes) {
        this.bytes = bytes;
    }

    int remaining() {
        return bytes.length - position;
    }

    private void require(long count, String what) {
        if (count < 0 || count > remaining()) {
            throw KeyDecoder.malformed(what + " needs " + count + " bytes at offset " + position
                    + ", " + remaining() + " remain");
        }
    }

    int readByte() {
        require(1, "a byte");
        return bytes[position++];
    }

    int readUnsignedByte() {
        return readByte() & 0xFF;
    }

    boolean readBoolean() {
        int b = readByte();
        if (b != 0 && b != 1) {
            throw KeyDecoder.malformed("boolean byte " + b + " at offset " + (position - 1));
        }
        return b == 1;
    }

    short readShort() {
        require(2, "a short");
        return (short) ((bytes[position++] & 0xFF) << 8 | (bytes[position++] & 0xFF));
    }

    char readChar() {
        return (char) readShort();
    }

    int readInt() {
        require(4, "an int");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = v << 8 | (bytes[position++] & 0xFF);
        }
        return v;
    }

    long readLong() {
        require(8, "a long");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (bytes[position++] & 0xFF);
        }
        return v;
    }

    /** A count of items each at least {@code minItemBytes} long, checked against the input. */
    int readCount(int minItemBytes, String what) {
        int count = readInt();
        if (count < 0) {
            throw KeyDecoder.malformed("negative " + what + " " + count);
        }
        require((long) count * minItemBytes, count + " " + what);
        return count;
    }

    byte[] readBytes(int count) {
        require(count, "a byte string");
        byte[] result = new byte[count];
        System.arraycopy(bytes, position, result, 0, count);
        position += count;
        return result;
    }

    /** The {@code writeUTF} strings of the key's signature and parameter names. */
    String readModifiedUtf8() {
        require(2, "a name");
        int length = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
        require(2L + length, "a name");
        try {
            String s = new DataInputStream(new ByteArrayInputStream(bytes, position,
                    2 + length)).readUTF();
            position += 2 + length;
            return s;
        } catch (IOException e) {
            throw KeyDecoder.malformed("bad name at offset " + position + ": " + e.getMessage());
        }
    }

    /**
     * A string as {@link KeyEncoder#writeString} writes it; keeps at most {@code maxChars}
     * characters but validates all bytes. Returns the kept prefix and sets {@link #lastLength}.
     */
    String readString(int maxChars) {
        int length = readCount(1, "string bytes");
        int end = position + length;
        StringBuilder kept = new StringBuilder(Math.min(length, maxChars));
        int chars = 0;
        while (position < end) {
            int b = bytes[position] & 0xFF;
            int need = b < 0x80 ? 0 : b >= 0xC2 && b < 0xE0 ? 1 : b >= 0xE0 && b < 0xF0 ? 2
                    : b >= 0xF0 && b < 0xF5 ? 3 : -1;
            if (need < 0 || position + need >= end) {
                throw KeyDecoder.malformed("bad UTF-8 at offset " + position);
            }
            int cp = need == 0 ? b : b & (0x3F >> need);
            for (int i = 1; i <= need; i++) {
                int c = bytes[position + i] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    throw KeyDecoder.malformed("bad UTF-8 at offset " + (position + i));
                }
                cp = cp << 6 | (c & 0x3F);
            }
            if (need == 2 && cp < 0x800 || need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) {
                throw KeyDecoder.malformed("overlong UTF-8 at offset " + position);
            }
            position += need + 1;
            int units = Character.charCount(cp);
            if (chars < maxChars) {
                kept.appendCodePoint(cp);
            }
            chars += units;
        }
        lastLength = chars;
        return kept.length() > maxChars ? kept.substring(0, maxChars) : kept.toString();
    }

    /** UTF-16 length of the string {@link #readString} read last. */
    int lastLength;

    /** A class, constant or component name; absurdly long ones are abbreviated. */
    String readName() {
        String kept = readString(KeyDecoder.MAX_NAME_CHARS);
        return lastLength > KeyDecoder.MAX_NAME_CHARS ? kept + "…" : kept;
    }
}
