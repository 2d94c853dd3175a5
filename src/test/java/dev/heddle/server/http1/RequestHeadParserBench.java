package dev.heddle.server.http1;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reading one request head from buffered bytes (request line, fields, what they mean for the
 * server): a browser's head, and bench/headers.lua's with 30 extra fields. Run with -Pjmh; it
 * lives here for package access.
 */
@State(Scope.Benchmark)
public class RequestHeadParserBench {
    @Param({"browser", "bench30"})
    public String head;
    private byte[] bytes;
    private ClientInput in;
    private final RequestHeadParser parser = new RequestHeadParser(8192, 1 << 20, Integer.MAX_VALUE);

    @Setup
    public void setUp() {
        StringBuilder h = new StringBuilder("GET /products/42?ref=home HTTP/1.1\r\nHost: shop.example\r\n");
        if (head.equals("browser")) {
            h.append("User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0\r\n")
                    .append("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n")
                    .append("Accept-Encoding: gzip, deflate, br\r\n")
                    .append("Accept-Language: en-GB,en;q=0.9\r\n")
                    .append("Cookie: session=3f2a9c; theme=dark; consent=yes\r\n")
                    .append("Sec-Fetch-Mode: navigate\r\n")
                    .append("Connection: keep-alive\r\n");
        } else {
            for (int i = 1; i <= 30; i++) {
                h.append("X-Bench-Header-").append(i).append(": value-").append(i).append("-abcdefghijklmnopqrstuvwxyz\r\n");
            }
        }
        bytes = h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        in = new ClientInput((b, off, len) -> -1, 16);
    }

    @Benchmark
    public RequestHead parse() throws IOException {
        in.buf = bytes;  // the parser only reads the buffer
        in.pos = 0;
        in.limit = bytes.length;
        return parser.parse(in);
    }
}
