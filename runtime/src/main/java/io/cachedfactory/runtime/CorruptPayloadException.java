package io.cachedfactory.runtime;

import java.io.IOException;

/** A payload file whose header or body does not check out: a miss, never served. */
class CorruptPayloadException extends IOException {

    private static final long serialVersionUID = 1L;

    CorruptPayloadException(String message) {
        super(message);
    }
}
