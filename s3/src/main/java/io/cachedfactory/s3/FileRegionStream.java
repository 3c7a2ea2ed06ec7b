package io.cachedfactory.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A region of an open file as a stream, read with positional reads: many streams (an upload's
 * parts, a retried attempt) can share one channel, and none holds more than the caller's buffer.
 */
final class FileRegionStream extends InputStream {

    private final FileChannel channel;
    private long position;
    private final long end;

    FileRegionStream(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (position >= end) {
            return -1;
        }
        int wanted = (int) Math.min(length, end - position);
        int read = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
        if (read < 0) {
            throw new IOException("the payload file is shorter than when it was opened");
        }
        position += read;
        return read;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
}
