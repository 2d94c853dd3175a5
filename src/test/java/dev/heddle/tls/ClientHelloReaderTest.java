package dev.heddle.tls;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ClientHello read ahead of the JDK: its server name, what it consumes, and its bounds. */
class ClientHelloReaderTest {
    private static final long FAR = 60_000_000_000L;

    /** A real ClientHello record from the JDK's client, asking for {@code name}. */
    private static byte[] clientHello(String name) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        SSLEngine engine = ctx.createSSLEngine(name, 443);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(name)));
        engine.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static long deadline() {
        return System.nanoTime() + FAR;
    }

    /** A stream that gives one byte per read, as a client dribbling its ClientHello. */
    private static InputStream dribbled(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void readsTheServerNameAndConsumesExactlyTheRecord() throws Exception {
        byte[] hello = clientHello("Secure.Test");
        byte[] after = {23, 3, 3, 0, 1, 42};  // what the client sends next stays unread
        byte[] stream = new byte[hello.length + after.length];
        System.arraycopy(hello, 0, stream, 0, hello.length);
        System.arraycopy(after, 0, stream, hello.length, after.length);
        ClientHelloReader.Peeked peeked = ClientHelloReader.read(dribbled(stream), new Socket(), deadline());
        assertEquals("secure.test", peeked.serverName());
        assertArrayEquals(hello, peeked.consumed());
    }

    @Test
    void aClientHelloSplitOverTwoRecordsIsJoined() throws Exception {
        byte[] hello = clientHello("split.test");
        int bodyLength = hello.length - 5;
        int first = 40;
        byte[] split = new byte[hello.length + 5];
        System.arraycopy(hello, 0, split, 0, 3);
        split[3] = 0;
        split[4] = (byte) first;
        System.arraycopy(hello, 5, split, 5, first);
        System.arraycopy(hello, 0, split, 5 + first, 3);
        split[5 + first + 3] = (byte) ((bodyLength - first) >> 8);
        split[5 + first + 4] = (byte) (bodyLength - first);
        System.arraycopy(hello, 5 + first, split, 10 + first, bodyLength - first);
        ClientHelloReader.Peeked peeked = ClientHelloReader.read(dribbled(split), new Socket(), deadline());
        assertEquals("split.test", peeked.serverName());
        assertArrayEquals(split, peeked.consumed());
    }

    @Test
    void somethingElseIsPassedOnAfterItsFirstBytes() throws Exception {
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ClientHelloReader.Peeked peeked = ClientHelloReader.read(new ByteArrayInputStream(http), new Socket(), deadline());
        assertNull(peeked.serverName());
        assertArrayEquals(Arrays.copyOf(http, 5), peeked.consumed());
        byte[] tooLong = {22, 3, 1, (byte) 0x40, 1, 1};
        assertArrayEquals(Arrays.copyOf(tooLong, 5), ClientHelloReader.read(new ByteArrayInputStream(tooLong), new Socket(), deadline()).consumed());
        byte[] cut = Arrays.copyOf(clientHello("cut.test"), 60);  // the client went away mid-record
        ClientHelloReader.Peeked partial = ClientHelloReader.read(new ByteArrayInputStream(cut), new Socket(), deadline());
        assertNull(partial.serverName());
        assertArrayEquals(cut, partial.consumed());
    }

    @Test
    void theDeadlineBoundsTheWholeRead() {
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("not read past the deadline");
            }
        };
        assertThrows(SocketTimeoutException.class, () -> ClientHelloReader.read(never, new Socket(), System.nanoTime() - 1));
    }

    @Test
    void malformedClientHellosGiveNoNameAndNoException() throws Exception {
        byte[] hello = clientHello("fuzz.test");
        byte[] message = Arrays.copyOfRange(hello, 5, hello.length);
        assertEquals("fuzz.test", SniExtension.serverName(message));
        for (int n = 0; n < message.length; n++) {
            SniExtension.serverName(Arrays.copyOf(message, n));  // every truncation
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = message.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            SniExtension.serverName(mutated);
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            if (noise.length > 0) {
                noise[0] = 1;
            }
            SniExtension.serverName(noise);
        }
    }

    @Test
    void aReadFailureIsTheCallersToHandle() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("reset");
            }
        };
        assertThrows(IOException.class, () -> ClientHelloReader.read(broken, new Socket(), deadline()));
    }
}
