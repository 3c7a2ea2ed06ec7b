package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachedfactory.common.StoreFormat;
import org.junit.jupiter.api.Test;

/**
 * The runtime's side of the store-format contract: the ids the processor writes into every
 * generated VERSION ({@code codec:} and {@code format:} components) are the ones the runtime
 * actually writes, so entries stored by a generated factory are found again.
 */
class StoreFormatTest {

    @Test
    void foryCodec_id_isTheDefaultCodecIdTheProcessorFingerprints() {
        // Fails when the Fory version in the pom moves without StoreFormat.FORY_VERSION.
        assertEquals(StoreFormat.DEFAULT_CODEC_ID, ForyCodec.forType(String.class).id());
    }

    @Test
    void javaSerializationCodec_id_isTheIdTheProcessorFingerprints() {
        assertEquals(StoreFormat.JAVA_SERIALIZATION_CODEC_ID,
                JavaSerializationCodec.forType(String.class).id());
    }

    @Test
    void factoryDescriptor_withoutCodec_usesFory() {
        assertEquals(StoreFormat.DEFAULT_CODEC_ID, io.cachedfactory.runtime.internal
                .FactoryDescriptor.builder(String.class, "f", Fingerprint.builder().build())
                .build().codec().id());
    }

    @Test
    void payloadHeader_formatVersion_isTheStoreFormat() {
        assertEquals(StoreFormat.FORMAT, String.valueOf(PayloadHeader.FORMAT_VERSION));
    }
}
