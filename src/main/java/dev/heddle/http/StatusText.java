package dev.heddle.http;

import io.helidon.http.Status;

/** Reason phrases for status codes ("Bad Gateway"). */
public final class StatusText {
    private StatusText() {
    }

    public static String of(int code) {
        return Status.create(code).reasonPhrase();
    }
}
