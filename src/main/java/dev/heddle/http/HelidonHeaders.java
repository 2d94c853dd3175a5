package dev.heddle.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.WritableHeaders;

import java.util.ArrayList;
import java.util.List;

/** Helidon's mutable headers (a request copy, or a response) as a {@link HeaderStore}. */
public final class HelidonHeaders implements HeaderStore {
    private final WritableHeaders<?> headers;

    public HelidonHeaders(WritableHeaders<?> headers) {
        this.headers = headers;
    }

    @Override
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            out.add(h.name());
        }
        return out;
    }

    @Override
    public List<String> values(String name) {
        var n = HeaderNames.create(name);
        return headers.contains(n) ? headers.get(n).allValues() : List.of();
    }

    @Override
    public void add(String name, String value) {
        headers.add(HeaderValues.create(name, value));
    }

    @Override
    public void set(String name, String value) {
        headers.set(HeaderValues.create(name, value));
    }

    @Override
    public void remove(String name) {
        headers.remove(HeaderNames.create(name));
    }
}
