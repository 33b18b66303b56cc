package io.sluice.cli;

/** A command line the command cannot run: a bad flag or value. Exits with code 2 and a one-line message. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
