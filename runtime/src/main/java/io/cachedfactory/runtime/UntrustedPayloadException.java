package io.cachedfactory.runtime;

/** A payload whose signature does not verify under the store's signing key: never decoded. */
final class UntrustedPayloadException extends CorruptPayloadException {

    private static final long serialVersionUID = 1L;

    UntrustedPayloadException() {
        super("payload is unsigned or signed with another key");
    }
}
