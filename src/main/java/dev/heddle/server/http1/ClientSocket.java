package dev.heddle.server.http1;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ConnectionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;

/**
 * One client connection's bytes: the plain socket read and written directly where Helidon's
 * socket lets us reach it ({@link RawSocket}: plain or TLS), else Helidon's reader and writer. The
 * bytes Helidon read to choose the connection come first either way.
 */
final class ClientSocket {
    private final ConnectionContext ctx;
    private final DataReader reader;
    /** Null when Helidon's socket cannot be reached: then reads and writes go through Helidon. */
    private final Socket socket;
    private final InputStream socketIn;
    private final OutputStream socketOut;

    ClientSocket(ConnectionContext ctx) {
        this.ctx = ctx;
        this.reader = ctx.dataReader();
        Socket s = RawSocket.of(ctx.serverSocket());
        InputStream sin = null;
        OutputStream sout = null;
        if (s != null) {
            try {
                if (s instanceof javax.net.ssl.SSLSocket) {
                    s.setSoTimeout(0);  // the handshake's bound ends here: the client timeouts take over
                }
                sin = s.getInputStream();
                sout = s.getOutputStream();
            } catch (IOException e) {
                s = null;  // closed already: Helidon's path reports it on the first read
            }
        }
        this.socket = s;
        this.socketIn = sin;
        this.socketOut = sout;
    }

    /** What Helidon read to choose this connection, handed to the input once (direct reads bypass its reader). */
    void sniffedInto(ClientInput in) {
        int sniffed = socket == null ? 0 : reader.available();
        if (sniffed > 0) {
            in.preload(reader.readBytes(sniffed), 0, sniffed);
        }
    }

    /** Blocks until at least one byte is read; -1 at EOF. */
    int read(byte[] b, int off, int len) throws IOException {
        if (socketIn != null) {
            return socketIn.read(b, off, len);
        }
        try {
            if (reader.available() == 0) {
                reader.pullData();
            }
            int n = Math.min(len, reader.available());
            reader.readBuffer(n).read(b, off, n);
            return n;
        } catch (DataReader.InsufficientDataAvailableException e) {
            return -1;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("reading from the client failed: " + e, e);
        }
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (socketOut != null) {
            socketOut.write(b, off, len);
            return;
        }
        try {
            ctx.dataWriter().writeNow(BufferData.create(b, off, len));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("writing to the client failed: " + e, e);
        }
    }

    private dev.heddle.http.TlsInfo tls;

    /** The TLS session's facts, read once per connection; null on plain HTTP. */
    dev.heddle.http.TlsInfo tls() {
        if (tls == null && socket instanceof javax.net.ssl.SSLSocket ssl) {
            tls = dev.heddle.http.TlsInfo.of(ssl);
        }
        return tls;
    }

    boolean hasChannel() {
        return socket != null && socket.getChannel() != null && socket.getChannel().isBlocking();
    }

    /**
     * Sends a file region straight from the page cache to the socket (sendfile); false when
     * this connection has no socket channel to send to (TLS, or a socket without a channel).
     */
    boolean transferFile(java.nio.channels.FileChannel file, long position, long count) throws IOException {
        java.nio.channels.SocketChannel channel = socket == null ? null : socket.getChannel();
        if (channel == null || !channel.isBlocking()) {
            return false;
        }
        long done = 0;
        while (done < count) {
            long n = file.transferTo(position + done, count - done, channel);
            if (n <= 0 && position + done >= file.size()) {
                throw new java.io.EOFException("file ended " + (count - done) + " bytes early");
            }
            done += n;
        }
        return true;
    }

    /** Ends the output side (the client reads the end of the answer); false when it cannot be done. */
    boolean halfClose() {
        // TLS has no half-close (SSLSocket refuses shutdownOutput): the linger ends with the client or the deadline.
        if (socket == null || socket instanceof javax.net.ssl.SSLSocket) {
            return true;  // Helidon's socket cannot: the linger then ends with the client or the deadline
        }
        try {
            socket.shutdownOutput();
            return true;
        } catch (IOException e) {
            return false;  // already gone
        }
    }

    void close() {
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    /** The raw bytes as streams, for an upgraded protocol. */
    InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ClientSocket.this.read(b, off, len);
            }
        };
    }

    OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ClientSocket.this.write(b, off, len);
            }
        };
    }

    String peer() {
        return String.valueOf(ctx.remotePeer().address());
    }
}
