package dev.heddle.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A handler's failure with the HTTP status it maps to (Caddy's {@code caddyhttp.HandlerError}).
 * The server turns it into the error routes' input, or an empty response with the status. Its
 * {@link #id()} and {@link #trace()} are Caddy's {@code {http.error.id}} and
 * {@code {http.error.trace}}, made when first asked for.
 */
public class HandlerException extends Exception {
    /** Caddy's error-id alphabet: [a-z0-9] without the look-alikes l and o. */
    private static final String ID_CHARS = "abcdefghijkmnpqrstuvwxyz0123456789";

    private final int status;
    private String id;

    public HandlerException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public HandlerException(int status, String message) {
        this(status, message, null);
    }

    public int status() {
        return status;
    }

    /** Nine random characters naming this error in logs and error pages. */
    public synchronized String id() {
        if (id == null) {
            StringBuilder sb = new StringBuilder(9);
            for (int i = 0; i < 9; i++) {
                sb.append(ID_CHARS.charAt(ThreadLocalRandom.current().nextInt(ID_CHARS.length())));
            }
            id = sb.toString();
        }
        return id;
    }

    /** Where the error was raised, as Caddy writes it: "Class.method (File.java:line)". */
    public String trace() {
        StackTraceElement[] stack = getStackTrace();
        if (stack.length == 0) {
            return "";
        }
        StackTraceElement e = stack[0];
        String cls = e.getClassName().startsWith("dev.heddle.") ? e.getClassName().substring("dev.heddle.".length()) : e.getClassName();
        return cls + "." + e.getMethodName() + " (" + e.getFileName() + ":" + e.getLineNumber() + ")";
    }

    /** Caddy's {@code {http.error}}: "{id=…} trace: HTTP status: message". */
    public String describe() {
        String message = getMessage() == null ? "" : getMessage();
        return ("{id=" + id() + "} " + trace() + ": HTTP " + status + (message.isEmpty() ? "" : ": " + message)).trim();
    }
}
