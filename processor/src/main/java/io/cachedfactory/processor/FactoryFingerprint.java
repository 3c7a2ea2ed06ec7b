package io.cachedfactory.processor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The fingerprint of one factory: its named components, sorted by name, and the digest over them.
 *
 * <p>The digest rule is the runtime's {@code Fingerprint.version()}: hex SHA-256 over the
 * components sorted by name, each written as its UTF-8 name, a NUL byte, its UTF-8 value and a
 * line feed. It is repeated here because the processor must not depend on the runtime.
 *
 * @param components sorted by name, names unique
 * @param version hex SHA-256 of the components
 */
record FactoryFingerprint(List<Component> components, String version) {

    /**
     * One named component.
     *
     * @param name such as {@code source:com.acme.Table}
     * @param value such as {@code sha256:3f2a...}
     * @param description the component in plain words, for the generated Javadoc
     */
    record Component(String name, String value, String description) {
    }

    /** The fingerprint of {@code components}, which must be sorted by name. */
    static FactoryFingerprint of(List<Component> components) {
        MessageDigest sha256 = sha256();
        for (Component component : components) {
            sha256.update(component.name().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(component.value().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
        }
        return new FactoryFingerprint(List.copyOf(components),
                HexFormat.of().formatHex(sha256.digest()));
    }

    /** Hex SHA-256 of {@code bytes}. */
    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
