package io.cachedfactory.cli;

/** A user error or an I/O problem the tool reports in one line and exits with code 2. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
