package dev.heddle.http;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A client connection handed over after {@code 101 Switching Protocols}: raw bytes both ways.
 * {@code close} ends it (the server then drops the connection).
 */
public record Takeover(InputStream in, OutputStream out, Runnable close) {
}
