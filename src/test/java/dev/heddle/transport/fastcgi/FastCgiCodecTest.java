package dev.heddle.transport.fastcgi;

import dev.heddle.transport.HeaderField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FastCGI codec byte by byte (records, PARAMS, the STDOUT stream, the CGI head): what
 * php-fpm cannot show, since it accepts any padding, never sends odd records and keeps its own
 * stderr short. Rows written for mutation testing survivors (issue 20).
 */
class FastCgiCodecTest {
    /** A stream that gives one byte per read, as a slow socket may. */
    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static byte[] record(int type, int requestId, byte[] content, int padding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {1, (byte) type, (byte) (requestId >> 8), (byte) requestId,
                (byte) (content.length >> 8), (byte) content.length, (byte) padding, 0});
        out.writeBytes(content);
        out.writeBytes(new byte[padding]);
        return out.toByteArray();
    }

    private static byte[] record(int type, String content, int padding) {
        return record(type, 1, content.getBytes(StandardCharsets.ISO_8859_1), padding);
    }

    private static byte[] endRequest(int protocolStatus, int contentLength, int padding) {
        byte[] body = new byte[contentLength];
        if (contentLength >= 5) {
            body[4] = (byte) protocolStatus;
        }
        return record(Records.END_REQUEST, 1, body, padding);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---- Records

    /** Content padded to a multiple of 8 (the specification's recommendation), with zeros, the padding length in byte 6. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 65535})
    void recordsArePaddedToAMultipleOfEight(int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] content = new byte[length];
        java.util.Arrays.fill(content, (byte) 'x');
        Records.write(out, Records.STDIN, content, 0, length);
        byte[] written = out.toByteArray();
        int padding = (8 - length % 8) % 8;
        assertEquals(8 + length + padding, written.length);
        assertEquals(padding, written[6]);
        assertEquals(length, (written[4] & 0xFF) << 8 | written[5] & 0xFF);
        for (int i = 8 + length; i < written.length; i++) {
            assertEquals(0, written[i], "padding byte " + i);
        }
    }

    @Test
    void aRecordCarriesAtMost65535Bytes() {
        assertThrows(IllegalArgumentException.class, () -> Records.write(new ByteArrayOutputStream(), Records.STDIN, new byte[65536], 0, 65536));
    }

    @Test
    void headersAreReadWhateverTheReadsGive() throws IOException {
        byte[] h = {1, 6, 1, 1, 1, 0, 3, 0};  // request 257, 256 bytes of content, 3 of padding
        assertEquals(new Records.Header(6, 257, 256, 3), Records.readHeader(new ByteArrayInputStream(h)));
        assertEquals(new Records.Header(6, 257, 256, 3), Records.readHeader(trickle(h)));
        assertNull(Records.readHeader(new ByteArrayInputStream(new byte[0])), "a clean end between records");
    }

    @ParameterizedTest(name = "version byte {0}")
    @ValueSource(ints = {0, 2, 255})
    void aVersionOtherThanOneIsAProtocolError(int version) {
        byte[] h = {(byte) version, 6, 0, 1, 0, 0, 0, 0};
        Records.ProtocolException e = assertThrows(Records.ProtocolException.class, () -> Records.readHeader(new ByteArrayInputStream(h)));
        assertEquals("FastCGI record with version " + version, e.getMessage());
    }

    // ---- PARAMS

    /** Each record's pairs, decoded on their own as php-fpm does. */
    private static Map<String, Integer> decodePairs(byte[] record) {
        Map<String, Integer> pairs = new LinkedHashMap<>();
        int i = 0;
        while (i < record.length) {
            int[] lengths = new int[2];
            for (int k = 0; k < 2; k++) {
                int b = record[i] & 0xFF;
                if (b < 128) {
                    lengths[k] = b;
                    i += 1;
                } else {
                    lengths[k] = (b & 0x7F) << 24 | (record[i + 1] & 0xFF) << 16 | (record[i + 2] & 0xFF) << 8 | record[i + 3] & 0xFF;
                    i += 4;
                }
            }
            String name = new String(record, i, lengths[0], StandardCharsets.UTF_8);
            pairs.put(name, lengths[1]);
            i += lengths[0] + lengths[1];
        }
        assertEquals(record.length, i, "whole pairs only");
        return pairs;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                | name length | value length | the encoded lengths, hex
        "both short            | 1           | 127          | 01 7f",
        "value of 128          | 1           | 128          | 01 80 00 00 80",
        "name of 128           | 128         | 1            | 80 00 00 80 01",
        "value of 300          | 1           | 300          | 01 80 00 01 2c",
    })
    void lengthsAreOneByteBelow128AndFourFrom128(String what, int nameLength, int valueLength, String hex) {
        List<byte[]> records = Params.encode(Map.of("n".repeat(nameLength), "v".repeat(valueLength)));
        assertEquals(1, records.size());
        byte[] r = records.get(0);
        int prefix = hex.split(" ").length;
        assertEquals(hex, java.util.HexFormat.ofDelimiter(" ").formatHex(r, 0, prefix), what);
        assertEquals(prefix + nameLength + valueLength, r.length, what);
    }

    @Test
    void pairsFillRecordsWholeAndALongValueIsCut() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "a".repeat(40_000));
        env.put("D", "d");
        env.put("B", "b".repeat(40_000));
        env.put("C", "c".repeat(100_000));
        List<byte[]> records = Params.encode(env);
        assertEquals(3, records.size());
        Map<String, Integer> all = new LinkedHashMap<>();
        for (byte[] r : records) {
            assertTrue(r.length <= Params.MAX_RECORD, "record of " + r.length);
            all.putAll(decodePairs(r));
        }
        assertEquals(Map.of("A", 40_000, "B", 40_000, "C", Params.MAX_RECORD - 8 - 1, "D", 1), all);
        // As records: each content, then the empty one that ends the stream.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Params.write(out, records);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        List<Integer> lengths = new ArrayList<>();
        for (Records.Header h; (h = Records.readHeader(in)) != null; ) {
            assertEquals(Records.PARAMS, h.type());
            lengths.add(h.contentLength());
            Records.skip(in, h.contentLength() + h.paddingLength());
        }
        assertEquals(List.of(records.get(0).length, records.get(1).length, records.get(2).length, 0), lengths);
    }

    /**
     * Pairs of 65500 bytes in all fill one record; one byte more starts a second. The last pair
     * decides, so its size must be counted exactly: one byte of length below 128, four from 128.
     */
    @ParameterizedTest(name = "{0} bytes of pairs, the last value of {1}")
    @CsvSource({"65500, 10, 1", "65500, 128, 1", "65501, 128, 2", "65501, 10, 2"})
    void aRecordHoldsAtMost65500BytesOfPairs(int total, int lastValue, int records) {
        int last = 1 + (lastValue < 128 ? 1 : 4) + 1 + lastValue;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "a".repeat(40_000));  // 6 + 40000
        env.put("C", "c".repeat(total - 40_006 - last - 6));
        env.put("B", "b".repeat(lastValue));
        List<byte[]> encoded = Params.encode(env);
        assertEquals(records, encoded.size());
        int sum = 0;
        for (byte[] r : encoded) {
            assertTrue(r.length <= Params.MAX_RECORD, "record of " + r.length);
            sum += r.length;
        }
        assertEquals(total, sum);
    }

    @Test
    void noPairsNoRecord() {
        assertEquals(0, Params.encode(Map.of()).size());
    }

    @Test
    void aNameThatFillsARecordGetsAnEmptyValue() {
        String name = "n".repeat(Params.MAX_RECORD - 8);
        List<byte[]> encoded = Params.encode(Map.of(name, "v"));
        assertEquals(Map.of(name, 0), decodePairs(encoded.get(0)));
        assertEquals(0, Params.encode(Map.of(name + "n", "v")).size(), "a name longer than that cannot be sent");
    }

    @Test
    void aRecordExactlyFullIsFollowedOnlyByTheEmptyOne() throws IOException {
        byte[] full = new byte[Params.MAX_RECORD];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Params.write(out, List.of(full));
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        List<Integer> lengths = new ArrayList<>();
        for (Records.Header h; (h = Records.readHeader(in)) != null; ) {
            lengths.add(h.contentLength());
            Records.skip(in, h.contentLength() + h.paddingLength());
        }
        assertEquals(List.of(Params.MAX_RECORD, 0), lengths);
    }

    // ---- STDOUT

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void stdoutSkipsPaddingStderrAndOtherRecordsAndStopsAtEndRequest() throws IOException {
        byte[] stream = concat(
                record(Records.STDOUT, "hel", 5),
                record(Records.STDERR, "warn", 4),
                record(11, "unknown type", 4),
                record(Records.STDOUT, "lo", 6),
                record(Records.STDOUT, "", 8),  // the empty record that closes stdout, padded
                endRequest(0, 8, 8),
                "NEXT".getBytes(StandardCharsets.US_ASCII));
        for (InputStream source : List.of(new ByteArrayInputStream(stream), trickle(stream))) {
            Stdout stdout = new Stdout(source);
            assertEquals("hello", readAll(stdout));
            assertTrue(stdout.completed());
            assertEquals("warn", stdout.stderr());
            assertEquals("NEXT", readAll(source), "the stream is left just after END_REQUEST and its padding");
        }
    }

    @ParameterizedTest(name = "protocol status {0}, END_REQUEST of {1} bytes")
    @CsvSource({"0, 8, true", "1, 8, false", "3, 8, false", "2, 5, false", "0, 5, true", "0, 0, true"})
    void onlyARequestCompleteLetsTheConnectionBeReused(int protocolStatus, int length, boolean completed) throws IOException {
        Stdout stdout = new Stdout(new ByteArrayInputStream(concat(record(Records.STDOUT, "x", 7), endRequest(protocolStatus, length, 0))));
        assertEquals("x", readAll(stdout));
        assertEquals(completed, stdout.completed());
    }

    @Test
    void withoutEndRequestTheRequestIsNotComplete() {
        Stdout stdout = new Stdout(new ByteArrayInputStream(record(Records.STDOUT, "x", 7)));
        assertThrows(java.io.EOFException.class, () -> readAll(stdout));
        assertFalse(stdout.completed());
    }

    @Test
    void aRecordForAnotherRequestIsAProtocolError() {
        // 257: a request id whose low byte is ours
        Stdout stdout = new Stdout(new ByteArrayInputStream(record(Records.STDOUT, 257, "x".getBytes(StandardCharsets.US_ASCII), 7)));
        Records.ProtocolException e = assertThrows(Records.ProtocolException.class, () -> readAll(stdout));
        assertEquals("FastCGI record for request 257, expected 1", e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes of stderr")
    @CsvSource({"10, false", "65536, false", "65537, true", "70000, true"})
    void stderrIsKeptUpTo64KiB(int size, boolean truncated) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int left = size; left > 0; left -= 40_000) {
            stream.writeBytes(record(Records.STDERR, 1, "e".repeat(Math.min(left, 40_000)).getBytes(StandardCharsets.US_ASCII), 0));
        }
        stream.writeBytes(endRequest(0, 8, 0));
        Stdout stdout = new Stdout(new ByteArrayInputStream(stream.toByteArray()));
        assertEquals("", readAll(stdout));
        assertEquals("e".repeat(Math.min(size, 65536)) + (truncated ? " [truncated]" : ""), stdout.stderr());
    }

    // ---- the CGI head

    private static CgiHead head(String text, int max) throws IOException {
        return CgiHead.read(new ByteArrayInputStream(text.replace("\\n", "\n").replace("\\r", "\r").replace("\\0", "\0")
                .getBytes(StandardCharsets.ISO_8859_1)), max);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                   | stdout (\n LF, \r CR, \0 NUL)                       | status | reason    | headers as name=value;...
        "no Status                | X-A: 1\\r\\n\\r\\n                                  | 200    | OK        | X-A=1",
        "Status with a reason     | Status: 404 Not Found\\r\\n\\r\\n                    | 404    | Not Found | ''",
        "Status without a reason  | Status: 404\\n\\n                                    | 404    | ''        | ''",
        "LF line ends             | content-type: text/plain\\nx-FOO-bar: 1\\n\\nbody    | 200    | OK        | Content-Type=text/plain;X-Foo-Bar=1",
        "a name that is no token  | x(y: 1\\nx@y: 2\\n\\n                               | 200    | OK        | x(y=1;x@y=2",
        "a NUL inside a value     | X-A: a\\0b\\n\\n                                     | 200    | OK        | X-A=a\0b",
    })
    void theHeadIsReadAsCaddysClientReadsIt(String what, String stdout, int status, String reason, String headers) throws IOException {
        CgiHead h = head(stdout, 1024);
        assertEquals(status, h.status(), what);
        assertEquals(reason, h.reason(), what);
        String got = String.join(";", h.headers().stream().map(f -> f.name() + "=" + f.value()).toList());
        assertEquals(headers.replace("\\0", "\0"), got, what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                   | stdout                              | the error
        "an empty name            | : x\\n\\n                           | malformed CGI header line: \": x\"",
        "a space in the name      | A B: x\\n\\n                        | malformed CGI header line: \"A B: x\"",
        "a DEL in the name        | A\u007fB: x\\n\\n                   | malformed CGI header line: \"A\u007fB: x\"",
        "no colon                 | just text\\n\\n                     | malformed CGI header line: \"just text\"",
        "nothing at all           | ''                                  | FastCGI response ended before its headers",
        "an end inside the head   | X-A: 1\\nX-B                        | FastCGI response ended inside its headers",
        "a Status that is no code | Status: 4x4\\n\\n                   | CGI Status is not an HTTP status: \"4x4\"",
    })
    void aMalformedHeadIsAProtocolError(String what, String stdout, String message) {
        Records.ProtocolException e = assertThrows(Records.ProtocolException.class, () -> head(stdout, 1024), what);
        assertEquals(message, e.getMessage(), what);
    }

    @Test
    void aLongMalformedLineIsShownCutAt80() {
        String eighty = "y".repeat(80);
        assertEquals("malformed CGI header line: \"" + eighty + "\"",
                assertThrows(Records.ProtocolException.class, () -> head(eighty + "\n\n", 1024)).getMessage());
        assertEquals("malformed CGI header line: \"" + eighty + "...\"",
                assertThrows(Records.ProtocolException.class, () -> head(eighty + "z\n\n", 1024)).getMessage());
        assertEquals("malformed CGI header line: \"\u00e9t\u00e9\"", assertThrows(Records.ProtocolException.class,
                () -> CgiHead.read(new ByteArrayInputStream("\u00e9t\u00e9\n\n".getBytes(StandardCharsets.UTF_8)), 1024)).getMessage(),
                "UTF-8 shown as text");
    }

    /**
     * The head's budget counts each line and its line end: three lines of 10 characters and their
     * LFs fill 33 bytes, so at 31 the third line no longer fits, at 32 it does (the empty line
     * that ends the head is always read).
     */
    @ParameterizedTest(name = "max {0} bytes")
    @CsvSource({"31, false", "32, true", "33, true"})
    void theHeadIsBounded(int max, boolean fits) throws IOException {
        String text = "Aa: 123456\\nBb: 123456\\nCc: 123456\\n\\n";
        if (fits) {
            assertEquals(3, head(text, max).headers().size());
        } else {
            assertEquals("CGI response headers over 9 bytes",
                    assertThrows(Records.ProtocolException.class, () -> head(text, max)).getMessage());
        }
    }

    /** Go's CanonicalMIMEHeaderKey: a name with a byte that is no token character is left as written. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "content-type | Content-Type",
        "X-FOO-bar    | X-Foo-Bar",
        "x\"y        | x\"y",
        "x\u0080y     | x\u0080y",
    })
    void canonicalNames(String name, String canonical) {
        assertEquals(canonical, dev.heddle.http.HeaderList.canonical(name));
    }

    @Test
    void headerFieldsKeepTheirOrder() throws IOException {
        assertEquals(List.of(new HeaderField("B", "1"), new HeaderField("A", "2"), new HeaderField("B", "3")),
                head("b: 1\\na: 2\\nB: 3\\n\\n", 1024).headers());
    }
}
