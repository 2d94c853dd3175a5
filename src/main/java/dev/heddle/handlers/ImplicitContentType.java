package dev.heddle.handlers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The Content-Type Caddy's {@code static_response} sets when the config and earlier handlers set
 * none and the body is not empty (staticresp.go): {@code application/json} for a body that is a
 * valid JSON object or array (ignoring surrounding whitespace), else
 * {@code text/plain; charset=utf-8}. No sniffing beyond that, as in Caddy.
 */
final class ImplicitContentType {
    private static final JsonFactory JSON = new JsonFactory();

    private ImplicitContentType() {
    }

    static String of(String body) {
        String content = body.strip();
        int n = content.length();
        boolean bracketed = n > 2 && (content.charAt(0) == '{' && content.charAt(n - 1) == '}'
                || content.charAt(0) == '[' && content.charAt(n - 1) == ']');
        return bracketed && isOneJsonValue(content) ? "application/json" : "text/plain; charset=utf-8";
    }

    /** Go's json.Valid: exactly one value, nothing after it. */
    private static boolean isOneJsonValue(String content) {
        try (JsonParser p = JSON.createParser(content)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
