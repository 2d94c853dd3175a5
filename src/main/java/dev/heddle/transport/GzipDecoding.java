package dev.heddle.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code http} transport's {@code compression} (on by default in Caddy), as Go's transport
 * does it under Caddy: a request whose client sent no {@code Accept-Encoding}, no
 * {@code Range} and is not HEAD goes upstream with {@code Accept-Encoding: gzip}; a gzip
 * answer to it is decoded on the way (streamed), without its {@code Content-Encoding} and
 * {@code Content-Length}. A client that sent its own Accept-Encoding gets the reply as sent.
 */
final class GzipDecoding {
    private GzipDecoding() {
    }

    static boolean mayAsk(UpstreamRequest r) {
        if (r.method().equals("HEAD")) {
            return false;
        }
        for (HeaderField h : r.headers()) {
            if (h.name().equalsIgnoreCase("Accept-Encoding") || h.name().equalsIgnoreCase("Range")) {
                return false;
            }
        }
        return true;
    }

    static UpstreamRequest asking(UpstreamRequest r) {
        List<HeaderField> headers = new ArrayList<>(r.headers().size() + 1);
        headers.addAll(r.headers());
        headers.add(new HeaderField("Accept-Encoding", "gzip"));
        return new UpstreamRequest(r.dial(), r.method(), r.target(), headers, r.body(), r.contentLength(), r.client(),
                r.trailers(), r.origin());
    }

    static void decodeIfGzipped(UpstreamResponse response) {
        if (!(response instanceof HttpUpstreamResponse http)) {
            return;
        }
        String encoding = response.header("Content-Encoding");
        if (encoding != null && encoding.trim().equalsIgnoreCase("gzip") && response.contentLength() != 0) {
            http.decodeGzip();
        }
    }
}
