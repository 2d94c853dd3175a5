package dev.heddle.server.http2;

import dev.heddle.http.HeaderList;
import io.helidon.http.Header;
import io.helidon.http.http2.Http2Headers;

import java.util.List;

/**
 * One HTTP/2 request head as Heddle's exchange takes it (RFC 9113 §8.3): the pseudo-header
 * fields become the method, path, query and host; field names are written as Go writes them
 * (Content-Type, not content-type), so upstreams and logs see what Caddy would send; several
 * Cookie fields are joined with "; " (§8.2.3). Helidon has already refused what the RFC calls
 * malformed (connection-specific fields, missing pseudo-headers, Host disagreeing with
 * :authority).
 *
 * @param problem why the request cannot be served (answered 400), or null
 */
public record Http2Request(String method, String rawPath, String rawQuery, String host, HeaderList headers,
                           boolean expectContinue, String problem) {

    static Http2Request of(Http2Headers h2) {
        HeaderList headers = new HeaderList(16);
        for (Header h : h2.httpHeaders()) {
            String name = HeaderList.canonical(h.name());
            for (String v : h.allValues()) {
                headers.add(name, v);
            }
        }
        List<String> cookies = headers.values("Cookie");
        if (cookies.size() > 1) {
            headers.set("Cookie", String.join("; ", cookies));
        }
        String host = h2.authority();
        if (host == null || host.isEmpty()) {
            host = headers.first("Host");
        }
        host = host == null ? "" : host;
        String target = h2.path();
        String method = h2.method().text();
        String problem = null;
        if (!(target.startsWith("/") || (target.equals("*") && method.equals("OPTIONS")))) {
            problem = "invalid :path \"" + target + "\"";
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);
        boolean expect = false;
        for (String v : headers.values("Expect")) {
            expect |= v.trim().equalsIgnoreCase("100-continue");
        }
        return new Http2Request(method, rawPath, rawQuery, host, headers, expect, problem);
    }
}
