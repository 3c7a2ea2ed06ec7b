package com.acme;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.runtime.JavaSerializationCodec;
import java.io.Serializable;

/** A type with its own serialization hook, stored with Java serialization, not the default. */
@CachedFactory(codec = JavaSerializationCodec.class)
public final class WithJavaSerialization implements Serializable {
    private final String name;

    public WithJavaSerialization(String name) {
        this.name = name.strip();
    }

    private Object readResolve() {
        return new WithJavaSerialization(name);
    }
}
