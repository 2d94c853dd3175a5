package dev.heddle.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 (UDP) for resolver tests: answers A queries for the names it was
 * given, AAAA with no records, and anything else with NXDOMAIN. RFC 1035 wire format, one
 * question per query, no compression beyond the answer's pointer to the question.
 */
public final class TinyDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final java.util.function.Function<String, InetAddress> records;
    private final AtomicInteger queries = new AtomicInteger();

    public TinyDns(Map<String, InetAddress> records) throws IOException {
        this(Map.copyOf(records)::get);
    }

    /** Answers A queries with whatever {@code records} gives for the name (null: NXDOMAIN), asked anew per query. */
    public TinyDns(java.util.function.Function<String, InetAddress> records) throws IOException {
        this.records = records;
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("tiny-dns").start(this::serve);
    }

    /** "127.0.0.1:port", as a resolver address. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public int queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                queries.incrementAndGet();
                byte[] answer = answer(in.getData(), in.getLength());
                socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private byte[] answer(byte[] q, int length) {
        // Question name: labels from offset 12; then QTYPE, QCLASS.
        StringBuilder name = new StringBuilder();
        int i = 12;
        while (q[i] != 0) {
            int len = q[i] & 0xFF;
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(q, i + 1, len, java.nio.charset.StandardCharsets.US_ASCII));
            i += len + 1;
        }
        int questionEnd = i + 5;  // the zero label, QTYPE, QCLASS
        int qtype = ((q[i + 1] & 0xFF) << 8) | (q[i + 2] & 0xFF);
        InetAddress ip = records.apply(name.toString().toLowerCase());
        boolean known = ip != null;
        boolean answerA = known && qtype == 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);                      // the query's ID
        out.write(0x81);                      // response, recursion desired
        out.write(known ? 0x80 : 0x83);       // recursion available; NXDOMAIN when unknown
        out.writeBytes(new byte[] {0, 1, 0, (byte) (answerA ? 1 : 0), 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        if (answerA) {
            out.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4});
            out.writeBytes(ip.getAddress());
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
