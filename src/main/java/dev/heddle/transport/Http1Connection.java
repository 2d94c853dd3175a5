package dev.heddle.transport;

import dev.heddle.config.DialAddress;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One blocking TCP connection to an upstream, with a read buffer shared by the head parser and
 * the body streams (bytes past the head are never lost), and a buffered writer so that a head
 * and a small body leave in one write. Owned by one exchange at a time, or by the pool.
 */
final class Http1Connection implements AutoCloseable {

    final String dial;
    /** The TCP socket (a channel's, for the idle check); {@code socket} is the one read and written (TLS or not). */
    private final Socket raw;
    private final Socket socket;
    /** For unix-socket upstreams (raw and socket are then null). */
    private final SocketChannel unix;
    private final WatchedInput watched;
    private final InputStream in;
    final OutputStream out;
    /**
     * Head bytes and whatever arrived with them; starts at {@link #FIRST_READ} and grows to
     * {@code readBufferSize} only when reads fill it. A request waiting on its upstream holds
     * this buffer the whole time, so 10,000 waiting requests kept 30 MiB of empty buffers before.
     */
    private byte[] buf;
    private final int maxBuf;
    private static final int FIRST_READ = 1024;
    private final WatchedOutput writeWatch;
    private int pos;
    private int limit;
    private boolean reused;
    private long idleSinceNanos;
    /** What the socket's read timeout is set to (0, none, as a new socket's). */
    private int soTimeoutMillis;
    private Runnable onClose;
    private String poolKey;
    private static final int COPY_BUFFER = 32 * 1024;
    private byte[] copyBuffer;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Http1Connection(String dial, Socket raw, Socket socket, SocketOptions options) throws IOException {
        this.dial = dial;
        this.poolKey = dial;
        this.raw = raw;
        this.socket = socket;
        this.unix = null;
        this.watched = null;
        this.in = socket.getInputStream();
        this.maxBuf = options.readBufferSize();
        this.buf = firstBuffer(maxBuf);
        this.writeWatch = options.writeTimeout().isZero() ? null
                : new WatchedOutput(socket.getOutputStream(), raw, options.writeTimeout().toNanos());
        this.out = new BufferedOutputStream(writeWatch != null ? writeWatch : socket.getOutputStream(),
                options.writeBufferSize());
    }

    /** Over plain streams, no socket (the parser's fuzz tests). */
    private Http1Connection(String dial, InputStream in, OutputStream out, int readBufferSize) {
        this.dial = dial;
        this.poolKey = dial;
        this.raw = null;
        this.socket = null;
        this.unix = null;
        this.watched = null;
        this.in = in;
        this.maxBuf = readBufferSize;
        this.buf = firstBuffer(maxBuf);
        this.writeWatch = null;
        this.out = new BufferedOutputStream(out, 512);
    }

    static Http1Connection overStreams(String dial, InputStream in, OutputStream out, int readBufferSize) {
        return new Http1Connection(dial, in, out, readBufferSize);
    }

    private Http1Connection(String dial, SocketChannel unix, SocketOptions options) {
        this.dial = dial;
        this.poolKey = dial;
        this.raw = null;
        this.socket = null;
        this.unix = unix;
        this.watched = new WatchedInput(java.nio.channels.Channels.newInputStream(unix), unix);
        this.in = watched;
        this.maxBuf = options.readBufferSize();
        this.buf = firstBuffer(maxBuf);
        java.io.OutputStream plain = java.nio.channels.Channels.newOutputStream(unix);
        this.writeWatch = options.writeTimeout().isZero() ? null
                : new WatchedOutput(plain, unix, options.writeTimeout().toNanos());
        this.out = new BufferedOutputStream(writeWatch != null ? writeWatch : plain, options.writeBufferSize());
    }

    private static Http1Connection openUnix(String dial, String path, SocketOptions options) throws DialException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            ch.connect(java.net.UnixDomainSocketAddress.of(path));
            return new Http1Connection(dial, ch, options);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing was opened to the upstream
                }
            }
            throw new DialException(dial, "cannot connect to unix socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** A TCP connection, with TLS on top when {@code tls} applies to the port. */
    /** @param preamble bytes sent first, before TLS (a PROXY protocol header), or null */
    static Http1Connection open(String dial, TransportSettings settings, byte[] preamble) throws DialException {
        Duration timeout = settings.dialTimeout();
        TlsSettings tls = settings.tls();
        SocketOptions options = settings.socket();
        DialAddress address;
        try {
            address = DialAddress.parse(dial);
        } catch (IllegalArgumentException e) {
            throw new DialException(dial, e.getMessage(), e);
        }
        if (address.unixPath() != null) {
            Http1Connection c = openUnix(dial, address.unixPath(), options);  // no TLS over a local socket
            if (preamble != null) {
                try {
                    c.out.write(preamble);
                    c.out.flush();
                } catch (IOException e) {
                    c.close();
                    throw new DialException(dial, "sending the PROXY protocol header failed: " + e.getMessage(), e);
                }
            }
            return c;
        }
        Http1Connection plain = open(dial, address, timeout, options);
        if (preamble != null) {
            try {
                plain.raw.getOutputStream().write(preamble);
            } catch (IOException e) {
                plain.close();
                throw new DialException(dial, "sending the PROXY protocol header failed: " + e.getMessage(), e);
            }
        }
        if (tls == null || !tls.appliesTo(address)) {
            return plain;
        }
        try {
            return new Http1Connection(dial, plain.raw,
                    Tls.handshake(plain.raw, address.host(), address.port(), tls, timeout), options);
        } catch (IOException e) {
            plain.close();
            // Nothing of the request was sent: a dial failure, safe to retry (as Caddy's DialError).
            throw new DialException(dial, "TLS handshake failed: " + e.getMessage(), e);
        }
    }

    /**
     * The buffer request bodies are copied through, kept with the connection: a connection
     * carries one request at a time, and a fresh 64 KiB per request was half of all the
     * allocation under a POST load (young collections every few milliseconds).
     */
    byte[] copyBuffer() {
        if (copyBuffer == null) {
            copyBuffer = new byte[COPY_BUFFER];
        }
        return copyBuffer;
    }

    /** Which idle connections this one pools with (the dial address, or more: see HttpTransport). */
    String poolKey() {
        return poolKey;
    }

    void poolKey(String key) {
        this.poolKey = key;
    }

    /** A socket option of the TCP connection (tests check what was set). */
    <T> T socketOption(java.net.SocketOption<T> option) throws IOException {
        return raw.getOption(option);
    }

    boolean tls() {
        return unix == null && raw != socket;
    }

    private static Http1Connection open(String dial, DialAddress address, Duration timeout, SocketOptions options)
            throws DialException {
        String host = address.host();
        Socket s = null;
        try {
            InetAddress[] addresses = options.resolve(host);
            s = Dialer.connect(addresses, address.port(), timeout, options.fallbackDelay(), () -> newSocket(options));
            return new Http1Connection(dial, s, s, options);
        } catch (UnknownHostException e) {
            throw new DialException(dial, "cannot resolve " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new DialException(dial, "dial timeout after " + timeout.toMillis() + " ms", e, true);
        } catch (IOException e) {
            closeQuietly(s);
            throw new DialException(dial, e.getMessage(), e);
        }
    }

    /** A channel's socket, so that an idle connection can be checked without blocking. */
    private static Socket newSocket(SocketOptions options) throws IOException {
        Socket s = SocketChannel.open().socket();
        try {
            s.setTcpNoDelay(true);
            keepAliveProbes(s, options.probeInterval());
            if (options.localAddress() != null) {
                s.bind(new InetSocketAddress(options.localAddress(), 0));
            }
            return s;
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /**
     * TCP keep-alive as Go's dialer sets it for Caddy: probes after 15 s idle, then every
     * {@code interval}; ZERO turns them off. Where the platform lacks the options, its defaults stay.
     */
    private static void keepAliveProbes(Socket s, Duration interval) throws IOException {
        if (interval.isZero()) {
            return;
        }
        s.setKeepAlive(true);
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, interval.toSeconds()));
        if (s.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL)) {
            s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 15);
            s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds);
        }
    }

    /** Runs once when the connection closes (frees its max_conns_per_host slot). */
    void onClose(Runnable hook) {
        this.onClose = hook;
    }

    boolean reused() {
        return reused;
    }

    void markIdle(long nowNanos) {
        reused = true;
        idleSinceNanos = nowNanos;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /**
     * Whether an idle connection can carry a new exchange: a non-blocking read must find
     * nothing. EOF means the upstream closed it while idle (the keep-alive race); stray bytes
     * mean it is out of step. Costs one syscall, no waiting (unlike OkHttp's 1 ms probe).
     */
    boolean usable() {
        if (pos < limit || (unix != null ? !unix.isOpen() : socket.isClosed())) {
            return false;
        }
        if (tls()) {
            return true;  // a raw read would eat TLS records (session tickets); stale TLS connections are resent instead
        }
        SocketChannel ch = unix != null ? unix : raw.getChannel();
        try {
            ch.configureBlocking(false);
            try {
                return ch.read(ByteBuffer.allocate(1)) == 0;
            } finally {
                ch.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the upstream sent bytes no request asked for (a response to nothing): reading on
     * would take them for the next response. One ioctl (FIONREAD), cheap enough for every reuse;
     * on TLS the raw socket is asked, so a late record (close_notify) also retires the connection.
     */
    boolean hasStrayBytes() {
        if (hasBufferedBytes()) {
            return true;
        }
        try {
            return (unix != null ? in : raw.getInputStream()).available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Bytes read past the last response (no syscall: checked when the connection is released). */
    boolean hasBufferedBytes() {
        return pos < limit;
    }

    void readTimeout(Duration timeout) throws IOException {
        if (unix != null) {
            watched.timeoutMillis(timeout == null ? 0 : timeout.toMillis());
            return;
        }
        int millis = timeout == null ? 0 : (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        if (millis != soTimeoutMillis) {  // set per exchange, usually to what it already is (the socket's lock)
            socket.setSoTimeout(millis);
            soTimeoutMillis = millis;
        }
    }

    private static byte[] firstBuffer(int max) {
        return new byte[Math.min(FIRST_READ, max)];
    }

    /** Refills the buffer when empty; returns false at EOF. */
    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        pos = 0;
        limit = Math.max(n, 0);
        if (n == buf.length && buf.length < maxBuf) {  // more was waiting: read more at once next time
            byte[] bigger = new byte[Math.min(maxBuf, buf.length * 4)];
            System.arraycopy(buf, 0, bigger, 0, n);
            buf = bigger;
        }
        return n > 0;
    }

    /** Counts {@code n} head bytes against what is left of the head's limit. */
    private static void charge(int[] budget, int n) throws ProtocolException {
        budget[0] -= n;
        if (budget[0] < 0) {
            throw new ProtocolException("response head larger than the limit");
        }
    }

    /**
     * The next field of a head, or null at the empty line that ends it. A line that is whole in
     * the buffer (the usual case) is parsed there, without a line string; one split across reads
     * goes through {@link #readLine}. {@code budget[0]} counts down the head size.
     */
    HeaderField readField(int[] budget) throws IOException {
        if (!fill()) {
            throw new IOException("connection closed in the middle of the response head");
        }
        int start = pos;
        int lf = start;
        while (lf < limit && buf[lf] != '\n') {
            lf++;
        }
        if (lf == limit) {
            String line = readLine(budget);
            if (line == null) {
                throw new IOException("connection closed in the middle of the response head");
            }
            return line.isEmpty() ? null : ResponseHead.field(line);
        }
        charge(budget, lf + 1 - start);
        pos = lf + 1;
        int end = lf > start && buf[lf - 1] == '\r' ? lf - 1 : lf;
        return end == start ? null : ResponseHead.field(buf, start, end);
    }

    /**
     * Reads one line of the head (ending in LF, an optional CR before it removed), or null at
     * EOF before any byte. Lines are ISO-8859-1; {@code budget[0]} counts down the head size.
     */
    String readLine(int[] budget) throws IOException {
        StringBuilder line = null;
        while (true) {
            if (!fill()) {
                if (line == null) {
                    return null;
                }
                throw new IOException("connection closed in the middle of the response head");
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int end = pos;
            boolean complete = pos < limit;
            if (complete) {
                pos++;
            }
            charge(budget, pos - start);
            if (line == null && complete) {
                // The usual case: the whole line is buffered, one String and no builder.
                int len = end > start && buf[end - 1] == '\r' ? end - 1 - start : end - start;
                return new String(buf, start, len, StandardCharsets.ISO_8859_1);
            }
            if (line == null) {
                line = new StringBuilder(end - start);
            }
            line.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
            if (complete) {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
        }
    }

    /** Body bytes: buffered ones first, then the socket. -1 at EOF. */
    int read(byte[] b, int off, int len) throws IOException {
        if (pos < limit) {
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        return in.read(b, off, len);
    }

    @Override
    public void close() {
        if (writeWatch != null) {
            writeWatch.release();
        }
        if (watched != null) {
            watched.release();
        }
        if (unix != null) {
            try {
                unix.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        closeQuietly(socket);
        closeQuietly(raw);
        Runnable hook = onClose;
        if (closed.compareAndSet(false, true) && hook != null) {
            hook.run();
        }
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket is gone either way
        }
    }

    /** A response that breaks HTTP/1.1's rules (RFC 9112). */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }
}
