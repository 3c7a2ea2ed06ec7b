package io.cachedfactory.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A payload body in a file of its own, as a codec sees the store's payloads. */
final class CodecFilePayload implements Payload {

    /** Writes a payload body, as the store lets a codec do. */
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path file;

    private CodecFilePayload(Path file) {
        this.file = file;
    }

    /** A payload whose body {@code writer} writes to {@code file}. */
    static CodecFilePayload written(Path file, Writer writer) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.writeTo(out);
        }
        return new CodecFilePayload(file);
    }

    /** A payload holding exactly {@code bytes}. */
    static CodecFilePayload of(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return new CodecFilePayload(file);
    }

    byte[] bytes() throws IOException {
        return Files.readAllBytes(file);
    }

    @Override
    public long length() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream openStream() {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ByteBuffer map() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // The mapping outlives the channel.
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
