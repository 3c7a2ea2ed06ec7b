package com.acme;

import io.cachedfactory.runtime.Codec;
import io.cachedfactory.runtime.Payload;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A user codec: its name and source are part of the fingerprint. */
public final class EveryAttributeCodec implements Codec<EveryAttribute> {

    @Override
    public String id() {
        return "every-attribute/1";
    }

    @Override
    public void write(EveryAttribute value, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(value.name());
        data.writeInt(value.year());
        data.flush();
    }

    @Override
    public EveryAttribute read(Payload payload) throws IOException {
        try (DataInputStream in = new DataInputStream(payload.openStream())) {
            return new EveryAttribute(in.readUTF(), in.readInt());
        }
    }
}
