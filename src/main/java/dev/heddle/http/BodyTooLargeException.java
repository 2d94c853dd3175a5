package dev.heddle.http;

/** A request body passed request_body's max_size while it was being read (answered with 413). */
public final class BodyTooLargeException extends RuntimeException {
    public BodyTooLargeException(long max) {
        super("request body larger than " + max + " bytes (request_body max_size)");
    }
}
