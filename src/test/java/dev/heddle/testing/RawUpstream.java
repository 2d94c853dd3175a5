package dev.heddle.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A scripted HTTP/1.1 upstream on raw loopback sockets, for asserting exactly what the proxy
 * sends and for answering with exact bytes (MockWebServer's idea). Keep-alive is honoured;
 * every connection and request is recorded. An assertion (or any unchecked exception) raised in
 * a responder or handler thread is kept and rethrown by {@link #close} and {@link #assertNoErrors}:
 * otherwise the test would see only the proxy's 502 for a dropped connection.
 */
public final class RawUpstream implements AutoCloseable {
    /** A request as received: head lines verbatim, body de-framed. */
    public record Request(String requestLine, List<String[]> headers, byte[] body, List<String[]> trailers) {
        public Request(String requestLine, List<String[]> headers, byte[] body) {
            this(requestLine, headers, body, List.of());
        }

        /** A trailer field of a chunked body, or null. */
        public String trailer(String name) {
            for (String[] h : trailers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public List<String> headerNames() {
            return headers.stream().map(h -> h[0]).toList();
        }
    }

    /** Answers a request by writing raw bytes; may also read more from the socket. */
    @FunctionalInterface
    public interface Responder {
        void respond(Request request, OutputStream out, Socket socket) throws IOException;
    }

    /** Takes a whole connection (no parsing): for upstreams that misbehave on purpose. */
    @FunctionalInterface
    public interface ConnectionHandler {
        void handle(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Responder responder;
    private final ConnectionHandler rawHandler;
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByPeer = new AtomicInteger();
    private final AtomicReference<Throwable> handlerError = new AtomicReference<>();
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

    public RawUpstream(Responder responder) throws IOException {
        this(responder, null);
    }

    public RawUpstream(ConnectionHandler handler) throws IOException {
        this(null, handler);
    }

    private RawUpstream(Responder responder, ConnectionHandler rawHandler) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), responder, rawHandler);
    }

    private RawUpstream(InetSocketAddress bind, Responder responder, ConnectionHandler rawHandler) throws IOException {
        this.server = new ServerSocket();
        try {
            this.server.bind(bind);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.responder = responder;
        this.rawHandler = rawHandler;
        Thread.ofVirtual().name("raw-upstream-accept").start(this::acceptLoop);
    }

    /** An upstream on a given address (e.g. 127.0.0.2 and a port another upstream has on 127.0.0.3). */
    public static RawUpstream at(InetSocketAddress bind, Responder responder) throws IOException {
        return new RawUpstream(bind, responder, null);
    }

    /** Reads the request head, then resets the connection (RST): "failed after the request was sent". */
    public static RawUpstream resetAfterHead() throws IOException {
        return new RawUpstream(s -> {
            readRequest(s.getInputStream());
            s.setSoLinger(true, 0);
            s.close();
        });
    }

    /** Answers every request with the given status and an empty body. */
    public static RawUpstream status(int code) throws IOException {
        return new RawUpstream((req, out, s) -> out.write(("HTTP/1.1 " + code + " X\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
    }

    /** How many requests (or raw connections) arrived. */
    public int requestCount() {
        return requestTimes.size();
    }

    /** System.nanoTime() of each request's (or raw connection's) arrival. */
    public List<Long> requestTimes() {
        return List.copyOf(requestTimes);
    }

    /** An upstream that answers every request 200 with the given body. */
    public static RawUpstream ok(String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new RawUpstream((req, out, s) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.flush();
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    public String dial() {
        return server.getInetAddress().getHostAddress() + ":" + port();
    }

    public Request takeRequest() throws InterruptedException {
        Request r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the upstream received no request within 10 s");
        }
        return r;
    }

    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections on which the proxy side closed (EOF seen by this upstream). */
    public int connectionsClosedByProxy() {
        return closedByPeer.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                accepted.incrementAndGet();
                sockets.add(s);
                Thread.ofVirtual().name("raw-upstream-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        if (rawHandler != null) {
            requestTimes.add(System.nanoTime());
            try {
                rawHandler.handle(s);
            } catch (IOException e) {
                closedByPeer.incrementAndGet();
            } catch (RuntimeException | Error e) {
                handlerError.compareAndSet(null, e);  // kept before the close the proxy will answer
            } finally {
                closeQuietly(s);
            }
            return;
        }
        try {
            InputStream in = recorded(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                Request r = readRequest(in);
                if (r == null) {
                    closedByPeer.incrementAndGet();
                    return;
                }
                requests.add(r);
                requestTimes.add(System.nanoTime());
                responder.respond(r, out, s);
                out.flush();
                if ("close".equalsIgnoreCase(r.header("Connection")) || s.isClosed()) {
                    return;
                }
            }
        } catch (IOException e) {
            closedByPeer.incrementAndGet();
        } catch (RuntimeException | Error e) {
            handlerError.compareAndSet(null, e);  // kept before the close the proxy will answer
        } finally {
            closeQuietly(s);
        }
    }

    /**
     * Every byte the request parser read, on all connections, in arrival order per read
     * (ISO-8859-1): what reached the wire, body bytes included whatever the framing said.
     */
    public String wire() {
        synchronized (wire) {
            return wire.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private InputStream recorded(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) {
                    synchronized (wire) {
                        wire.write(c);
                    }
                }
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    synchronized (wire) {
                        wire.write(b, off, n);
                    }
                }
                return n;
            }
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Throws the first assertion or unchecked exception raised in a responder or handler thread (once). */
    public void assertNoErrors() {
        Throwable t = handlerError.getAndSet(null);  // once: close() must not throw the same one again
        if (t instanceof AssertionError a) {
            throw a;
        }
        if (t != null) {
            throw new AssertionError("the upstream's handler failed: " + t, t);
        }
    }

    static Request readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        List<String[]> headers = new ArrayList<>();
        String h;
        while ((h = readLine(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).trim()});
        }
        Request head = new Request(line, headers, new byte[0]);
        String te = head.header("Transfer-Encoding");
        String cl = head.header("Content-Length");
        byte[] body;
        List<String[]> trailers = new ArrayList<>();
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in, trailers);
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
            if (body.length < Integer.parseInt(cl)) {
                throw new java.io.EOFException("the request body ended after " + body.length + " of " + cl + " bytes");
            }
        } else {
            body = new byte[0];
        }
        return new Request(line, headers, body, trailers);
    }

    private static byte[] readChunked(InputStream in, List<String[]> trailers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            if (size == null) {
                throw new java.io.EOFException("the chunked request body was cut short");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                String t;
                while (!(t = trailerLine(in)).isEmpty()) {
                    int colon = t.indexOf(':');
                    trailers.add(new String[] {t.substring(0, colon), t.substring(colon + 1).trim()});
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String trailerLine(InputStream in) throws IOException {
        String t = readLine(in);
        if (t == null) {
            throw new java.io.EOFException("the chunked request body's trailers were cut short");
        }
        return t;
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        assertNoErrors();
    }
}
