package io.cachedfactory.runtime;

/** Why a request was not served from the store and the object was built. */
public enum MissReason {
    /** Nothing was stored for these arguments. */
    ABSENT,
    /** The same arguments are stored, but under another fingerprint (the code changed). */
    OTHER_FINGERPRINT,
    /** The stored payload was truncated, corrupted or missing behind its index entry. */
    CORRUPT,
    /** The stored payload could not be decoded any more (for example, its class changed). */
    INCOMPATIBLE,
    /** The stored entry was older than the factory's {@code maxAge}. */
    EXPIRED,
    /** A loaded object failed an {@code @Invariant} or the caller's requirement. */
    INVARIANT_FAILED
}
