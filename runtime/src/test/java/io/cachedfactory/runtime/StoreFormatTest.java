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
    void javaSerializationCodec_id_isTheDefaultCodecIdTheProcessorFingerprints() {
        assertEquals(StoreFormat.DEFAULT_CODEC_ID, JavaSerializationCodec.forType(String.class).id());
    }

    @Test
    void payloadHeader_formatVersion_isTheStoreFormat() {
        assertEquals(StoreFormat.FORMAT, String.valueOf(PayloadHeader.FORMAT_VERSION));
    }
}
