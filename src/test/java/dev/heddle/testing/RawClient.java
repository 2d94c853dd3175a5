package dev.heddle.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Sends exact request bytes over a loopback socket and reads one response, for header-level assertions. */
public final class RawClient {
    /** A response as received: status, header lines verbatim, de-framed body. */
    public record Response(int status, List<String[]> headers, byte[] body) {
        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public List<String> all(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawClient() {
    }

    /** Sends {@code request} (use \r\n line ends) and reads one response. */
    public static Response exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream(), request.startsWith("HEAD "));
        }
    }

    public static Response read(InputStream in, boolean head) throws IOException {
        String status = RawUpstream.readLine(in);
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        List<String[]> headers = new ArrayList<>();
        String h;
        while ((h = RawUpstream.readLine(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).trim()});
        }
        Response r = new Response(Integer.parseInt(status.split(" ")[1]), headers, new byte[0]);
        int code = r.status();
        if (head || code == 204 || code == 304 || code < 200) {
            return r;
        }
        String te = r.header("Transfer-Encoding");
        String cl = r.header("Content-Length");
        byte[] body;
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                int n = Integer.parseInt(RawUpstream.readLine(in).split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!RawUpstream.readLine(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                out.write(in.readNBytes(n));
                RawUpstream.readLine(in);
            }
            body = out.toByteArray();
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
        } else {
            body = in.readAllBytes();
        }
        return new Response(code, headers, body);
    }

    /**
     * Every byte until the peer closes, as ISO-8859-1 text followed by how it ended: "<EOF>",
     * "<RESET>", or "<OPEN>" when the socket's read timeout ran out first.
     */
    public static String readUntilClosed(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        String end;
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
            end = "<EOF>";
        } catch (java.net.SocketTimeoutException open) {
            end = "<OPEN>";
        } catch (IOException reset) {
            end = "<RESET>";
        }
        return got.toString(java.nio.charset.StandardCharsets.ISO_8859_1) + end;
    }
}
