package io.cachedfactory.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import javax.crypto.Mac;

/*
 * Payload files are written the only way that survives a crash at any instant: into a temporary file
 * in the store's tmp/ directory, forced to disk, then renamed over the final name (an atomic
 * replace on POSIX file systems), then the directory is forced so the rename itself is durable.
 * A reader therefore sees the old complete file, the new complete file, or none.
 *
 * Reading maps the body read-only and verifies its CRC32C before the codec sees a byte, so a codec
 * never decodes corrupted input. Mapping also lets MappedCodec hand the mapping to the object
 * without a copy.
 */

/** Writes and reads payload files: the header, the body and their checksums. */
final class PayloadFiles {

    private static final FileAttribute<?>[] OWNER_ONLY = java.nio.file.FileSystems.getDefault()
            .supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];

    private PayloadFiles() {
    }

    /** A verified payload: its header and its body, mapped. */
    record Loaded(PayloadHeader header, MappedPayload body) {
    }

    /**
     * Writes {@code value} atomically to {@code target}.
     *
     * @return the written header, with body length and checksum
     */
    static <T> PayloadHeader write(Path target, Path tmpDirectory, PayloadHeader header,
            Codec<T> codec, T value, PayloadSigner signer) throws IOException {
        Path tmp = tmpDirectory.resolve(target.getFileName() + "." + ProcessHandle.current().pid()
                + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        if (header.key().length > PayloadHeader.MAX_KEY_BYTES) {
            throw new IOException("a key of " + header.key().length + " bytes is over the "
                    + (PayloadHeader.MAX_KEY_BYTES >> 20) + " MiB a payload can store");
        }
        FaultPoints.reach("create temp file");
        try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), OWNER_ONLY)) {
            int headerLength = header.length();
            channel.position(headerLength);
            CRC32C crc = new CRC32C();
            Mac mac = signer == null ? null : signer.start();
            CountingOutputStream body = new CountingOutputStream(
                    Channels.newOutputStream(channel), crc, mac);
            OutputStream buffered = new BufferedOutputStream(body, 1 << 16);
            FaultPoints.reach("write body");
            codec.write(value, buffered);
            buffered.flush();
            PayloadHeader complete = header.withBody(body.count, (int) crc.getValue());
            if (mac != null) {
                complete = complete.withSignature(PayloadSigner.finish(mac, complete));
            }
            byte[] headerBytes = complete.encode();
            if (headerBytes.length != headerLength) {
                throw new IllegalStateException("header length changed while writing");
            }
            FaultPoints.reach("write header");
            channel.write(ByteBuffer.wrap(headerBytes), 0);
            FaultPoints.reach("fsync");
            channel.force(true);
            channel.close();
            createPrivateDirectory(target.getParent());
            FaultPoints.reach("rename");
            moveAtomically(tmp, target);
            FaultPoints.reach("fsync directory");
            forceDirectory(target.getParent());
            return complete;
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Creates a directory (and missing parents) readable by its owner only. */
    static void createPrivateDirectory(Path directory) throws IOException {
        if (OWNER_ONLY.length == 0) {
            Files.createDirectories(directory);
        } else {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** Reads only the header: for listing and index rebuilds. */
    static PayloadHeader readHeader(Path file) throws IOException {
        try (FileChannel channel = openRegularFile(file)) {
            return readHeader(channel);
        }
    }

    /**
     * Reads and verifies a payload file.
     *
     * @throws NoSuchFileException when the file is gone
     * @throws CorruptPayloadException when header, length or checksum do not check out
     */
    static Loaded read(Path file, PayloadSigner signer) throws IOException {
        return read(file, signer, false);
    }

    /**
     * Reads a payload file; with {@code bodyVerified}, trusts the body's checksum and signature
     * because this process verified this very file (same inode, time and size) before: payload
     * files are only ever replaced by a rename, never written in place. The header is always
     * checked.
     */
    static Loaded read(Path file, PayloadSigner signer, boolean bodyVerified) throws IOException {
        try (FileChannel channel = openRegularFile(file)) {
            PayloadHeader header = readHeader(channel);
            long bodyStart = channel.position();
            long actualLength = channel.size() - bodyStart;
            if (actualLength != header.bodyLength()) {
                throw new CorruptPayloadException("body is " + actualLength + " bytes, header says "
                        + header.bodyLength());
            }
            if (header.bodyLength() > Integer.MAX_VALUE) {
                throw new CorruptPayloadException("body of " + header.bodyLength()
                        + " bytes exceeds the 2 GiB a single mapping holds");
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, bodyStart,
                    header.bodyLength());
            if (!bodyVerified) {
                CRC32C crc = new CRC32C();
                crc.update(mapped.duplicate());
                if ((int) crc.getValue() != header.bodyChecksum()) {
                    throw new CorruptPayloadException("body checksum mismatch");
                }
                if (signer != null && !signer.verifies(header, mapped)) {
                    throw new UntrustedPayloadException();
                }
            }
            return new Loaded(header, new MappedPayload(mapped));
        }
    }

    /**
     * Opens a payload file for reading without following a link, and only when it is a regular
     * file: a link is refused (its target is never read), and a FIFO would block the open.
     */
    private static FileChannel openRegularFile(Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes attributes = Files.readAttributes(file,
                java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new CorruptPayloadException((attributes.isSymbolicLink() ? "a symbolic link"
                    : "not a regular file") + " where a payload file belongs; not following it");
        }
        return FileChannel.open(file, StandardOpenOption.READ,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private static PayloadHeader readHeader(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer prefix = ByteBuffer.allocate(PayloadHeader.PREFIX_LENGTH);
        readFully(channel, prefix, size);
        prefix.flip();
        return PayloadHeader.decode(prefix, n -> {
            ByteBuffer rest = ByteBuffer.allocate(checkedLength(n, size - channel.position()));
            readFully(channel, rest, size);
            return rest.array();
        });
    }

    private static int checkedLength(int wanted, long remaining) throws CorruptPayloadException {
        if (wanted > remaining) {
            throw new CorruptPayloadException("truncated header: needs " + wanted + " bytes, file has "
                    + remaining + " left");
        }
        return wanted;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long size)
            throws IOException {
        if (channel.position() + buffer.remaining() > size) {
            throw new CorruptPayloadException("truncated header");
        }
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new CorruptPayloadException("truncated header");
            }
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Only on exotic file systems; the store directory and tmp/ share one file system.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes a rename durable; a no-op where directories cannot be opened (not on Linux). */
    static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data file itself was forced before the rename.
        }
    }

    /** A read-only view of a verified body. */
    static final class MappedPayload implements Payload {
        private final MappedByteBuffer mapped;

        MappedPayload(MappedByteBuffer mapped) {
            this.mapped = mapped;
        }

        @Override
        public long length() {
            return mapped.capacity();
        }

        @Override
        public InputStream openStream() {
            return new ByteBufferInputStream(mapped.duplicate());
        }

        @Override
        public ByteBuffer map() {
            return mapped.asReadOnlyBuffer();
        }
    }

    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        private final CRC32C crc;
        private final Mac mac;
        private long count;

        CountingOutputStream(OutputStream out, CRC32C crc, Mac mac) {
            this.out = out;
            this.crc = crc;
            this.mac = mac;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            if (mac != null) {
                mac.update((byte) b);
            }
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            if (mac != null) {
                mac.update(b, off, len);
            }
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    private static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInputStream(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }

        @Override
        public long skip(long n) {
            int skipped = (int) Math.max(0, Math.min(n, buffer.remaining()));
            buffer.position(buffer.position() + skipped);
            return skipped;
        }
    }
}
