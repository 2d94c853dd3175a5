package dev.heddle.caddyfile;

/**
 * A Caddyfile that cannot be read or adapted. The message names {@code file:line} when the
 * problem has a place (Caddy's own wording otherwise), the token, and what was expected.
 */
public final class CaddyfileException extends Exception {
    private final String file;
    private final int line;

    public CaddyfileException(String file, int line, String message) {
        super(file + ":" + line + " - " + message);
        this.file = file;
        this.line = line;
    }

    /** An error with no single place, as Caddy reports some (a matcher module that does not exist). */
    public CaddyfileException(String message) {
        super(message);
        this.file = null;
        this.line = 0;
    }

    public String file() {
        return file;
    }

    /** The line the error is about, or 0 when it has none. */
    public int line() {
        return line;
    }
}
