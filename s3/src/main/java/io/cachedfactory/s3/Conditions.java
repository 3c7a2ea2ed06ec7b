package io.cachedfactory.s3;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** How S3 answers a conditional request whose condition does not hold. */
final class Conditions {

    private Conditions() {
    }

    /**
     * Whether {@code e} says a condition did not hold: 412 Precondition Failed, or 409
     * ConditionalRequestConflict (two conditional writes of one key at the same moment).
     */
    static boolean failed(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }
}
