package io.cachedfactory.processor;

import io.cachedfactory.common.StoreFormat;
import java.util.Optional;

/**
 * The runtime's own codecs, which the processor knows by name: the default, and the one a factory
 * selects with {@code codec = JavaSerializationCodec.class}. Neither has a no-argument
 * constructor (each is made for its cached type), and each has a stable id, which stands for its
 * code in the fingerprint.
 */
enum BuiltInCodec {

    /** Apache Fory, the default. */
    FORY("ForyCodec", StoreFormat.DEFAULT_CODEC_ID),

    /** Java serialization, for types that need their own writeObject/readObject. */
    JAVA_SERIALIZATION("JavaSerializationCodec", StoreFormat.JAVA_SERIALIZATION_CODEC_ID);

    private static final String PACKAGE = "io.cachedfactory.runtime";

    private final String simpleName;
    private final String id;

    BuiltInCodec(String simpleName, String id) {
        this.simpleName = simpleName;
        this.id = id;
    }

    /** The built-in codec of this qualified name, if it is one. */
    static Optional<BuiltInCodec> named(CharSequence qualifiedName) {
        for (BuiltInCodec codec : values()) {
            if ((PACKAGE + "." + codec.simpleName).contentEquals(qualifiedName)) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }

    String packageName() {
        return PACKAGE;
    }

    String simpleName() {
        return simpleName;
    }

    /** The codec's id: its fingerprint component and what payload headers carry. */
    String id() {
        return id;
    }
}
