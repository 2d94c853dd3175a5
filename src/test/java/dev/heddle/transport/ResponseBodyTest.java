package dev.heddle.transport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The de-framed body as an InputStream, as its callers (the relay, GZIPInputStream, the pool's
 * "complete" check) rely on it: each read gives bytes or -1 at the framed end, never 0 for a
 * non-empty buffer (InputStream's contract; a caller that stops on 0 would cut the body).
 */
class ResponseBodyTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what            | the response (\n = CRLF)                                                   | read sizes
        "chunked           | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\n2\\nok\\n1\\n!\\n0\\n\\n   | 2 1 -1",
        "chunked, trailers | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\n2\\nok\\n0\\nX-T: 1\\n\\n  | 2 -1",
        "fixed length      | HTTP/1.1 200 OK\\nContent-Length: 3\\n\\nabc                                | 3 -1",
        "until close       | HTTP/1.1 200 OK\\n\\nabc                                                   | 3 -1",
        "no body (204)     | HTTP/1.1 204 No Content\\n\\n                                               | -1",
    })
    void eachReadGivesBytesOrTheEndAndNeverZero(String what, String response, String sizes) throws IOException {
        Http1Connection c = Http1Connection.overStreams("test:1",
                new ByteArrayInputStream(response.replace("\\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)),
                OutputStream.nullOutputStream(), 1024);
        ResponseBody body = new ResponseBody(c, ResponseHead.read(c, false, 8192));
        List<Integer> reads = new ArrayList<>();
        byte[] buf = new byte[100];
        for (int n = 0; n >= 0 && reads.size() < 10; ) {
            n = body.read(buf, 0, buf.length);
            reads.add(n);
        }
        assertEquals(Arrays.stream(sizes.split(" ")).map(Integer::valueOf).toList(), reads, what);
        assertTrue(body.complete(), what + ": the framed end was reached");
        assertEquals(-1, body.read(buf, 0, buf.length), what + ": and stays reached");
    }
}
