package io.cachedfactory.runtime;

/**
 * Thrown by a factory's {@code get} when building the object threw a checked exception; the cause is
 * that exception. Unchecked exceptions and errors from a build propagate unchanged. A failed build
 * stores nothing, and every caller waiting for the same key receives the same failure.
 */
public final class BuildException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}, thrown by the build of {@code key}. */
    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
