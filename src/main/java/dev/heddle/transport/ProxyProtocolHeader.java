package dev.heddle.transport;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) that the transport's
 * {@code proxy_protocol} sends first on each new upstream connection. As in Caddy, the source is
 * the client and the destination is all zeros (the original one is not known); a connection
 * with no client behind it (a health check) is sent as UNKNOWN (v1) or LOCAL (v2).
 */
final class ProxyProtocolHeader {
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyProtocolHeader() {
    }

    /** @param version "v1" or "v2"; @param client null when no client is behind the connection */
    static byte[] of(String version, InetSocketAddress client) {
        return version.equals("v1") ? v1(client) : v2(client);
    }

    private static byte[] v1(InetSocketAddress client) {
        if (client == null) {
            return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        boolean v4 = client.getAddress() instanceof Inet4Address;
        String line = "PROXY " + (v4 ? "TCP4 " : "TCP6 ") + client.getAddress().getHostAddress().replaceFirst("%.*$", "")
                + (v4 ? " 0.0.0.0 " : " :: ") + client.getPort() + " 0\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] v2(InetSocketAddress client) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(52);
        out.writeBytes(V2_SIGNATURE);
        if (client == null) {
            out.write(0x20);  // version 2, LOCAL: the receiver uses the connection's own addresses
            out.write(0x00);
            out.write(0);
            out.write(0);
            return out.toByteArray();
        }
        InetAddress source = client.getAddress();
        byte[] src = source.getAddress();
        out.write(0x21);  // version 2, PROXY
        out.write(src.length == 4 ? 0x11 : 0x21);  // TCP over IPv4 / IPv6
        int length = 2 * src.length + 4;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(src);
        out.writeBytes(new byte[src.length]);  // destination: all zeros
        out.write(client.getPort() >> 8);
        out.write(client.getPort() & 0xFF);
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }
}
