package io.cachedfactory.cli;

import io.cachedfactory.common.FactoryManifest;
import io.cachedfactory.common.FactoryRecord;
import io.cachedfactory.runtime.Fingerprint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32C;

/** Manifests as the processor writes them, and payload surgery the tests need. */
final class Fixtures {

    private Fixtures() {
    }

    /** A manifest's text, in the processor's format, for the factories given. */
    static String manifest(Map<String, Fingerprint> factories) {
        List<FactoryRecord> records = new ArrayList<>();
        factories.forEach((name, fingerprint) -> records.add(new FactoryRecord(name,
                name.endsWith("Factory") ? name.substring(0, name.length() - "Factory".length())
                        : name, fingerprint.version(), fingerprint.components())));
        return FactoryManifest.render(records);
    }

    /** Writes a manifest file (such as a copied factories.txt). */
    static Path manifestFile(Path file, Map<String, Fingerprint> factories) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, manifest(factories));
    }

    /** Writes a class output directory holding the manifest at its path. */
    static Path classesDirectory(Path directory, Map<String, Fingerprint> factories)
            throws IOException {
        manifestFile(directory.resolve(Manifests.PATH), factories);
        return directory;
    }

    /** Writes a jar holding the manifest and one class-like entry. */
    static Path jar(Path file, Map<String, Fingerprint> factories) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(raw)) {
            jar.putNextEntry(new JarEntry("com/acme/Table.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            jar.closeEntry();
            jar.putNextEntry(new JarEntry(Manifests.PATH));
            jar.write(manifest(factories).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    /** Moves a payload's creation time {@code by} into the past. */
    static void backdate(Path payload, Duration by) throws IOException {
        rewriteCreated(payload, created -> created - by.toMillis());
    }

    /** Moves a payload's creation time {@code by} into the future, as a clock set ahead would. */
    static void postdate(Path payload, Duration by) throws IOException {
        rewriteCreated(payload, created -> created + by.toMillis());
    }

    /**
     * Rewrites a payload's creation time (epoch millis) and header checksum as the runtime's
     * PayloadHeader lays them out: magic (8), format (2), fields length (4), fields (factory, key,
     * components, codec id, created millis, ...), CRC32C (4). The body and its checksum stay; a
     * signature, which covers the header, would no longer verify.
     */
    private static void rewriteCreated(Path payload, LongUnaryOperator created)
            throws IOException {
        try (FileChannel channel = FileChannel.open(payload, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.allocate(14);
            channel.read(prefix, 0);
            int fieldsLength = prefix.getInt(10);
            ByteBuffer header = ByteBuffer.allocate(14 + fieldsLength);
            channel.read(header, 0);
            int position = 14;
            position += 4 + header.getInt(position); // factory
            position += 4 + header.getInt(position); // key
            int components = header.getInt(position);
            position += 4;
            for (int i = 0; i < 2 * components; i++) {
                position += 4 + header.getInt(position);
            }
            position += 4 + header.getInt(position); // codec id
            header.putLong(position, created.applyAsLong(header.getLong(position)));
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, 14 + fieldsLength);
            header.position(0);
            channel.write(header, 0);
            channel.write(ByteBuffer.allocate(4).putInt(0, (int) crc.getValue()),
                    14 + fieldsLength);
        }
    }
}
