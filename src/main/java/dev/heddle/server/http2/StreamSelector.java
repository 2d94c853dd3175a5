package dev.heddle.server.http2;

import dev.heddle.http.TlsInfo;
import io.helidon.http.HttpPrologue;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2Settings;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2StreamWriter;
import io.helidon.http.http2.StreamFlowControl;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.Router;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector;
import io.helidon.webserver.http2.spi.SubProtocolResult;

/**
 * Takes every HTTP/2 stream of a listener for Heddle: Helidon keeps the connection (preface,
 * SETTINGS, HPACK, flow control, PING, GOAWAY) and Heddle serves each stream, as on HTTP/1 its
 * own connection serves each request.
 */
public final class StreamSelector implements Http2SubProtocolSelector {
    private final Http2App app;
    /** What each connection's TLS negotiated, read once per connection (weak keys: gone with the socket). */
    private final java.util.Map<java.net.Socket, TlsInfo> tlsByConnection =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    public StreamSelector(Http2App app) {
        this.app = app;
    }

    @Override
    public SubProtocolResult subProtocol(ConnectionContext ctx, HttpPrologue prologue, Http2Headers headers,
                                         Http2StreamWriter streamWriter, int streamId, Http2Settings serverSettings,
                                         Http2Settings clientSettings, StreamFlowControl streamFlowControl,
                                         Http2StreamState currentStreamState, Router router) {
        Http2Request request = Http2Request.of(headers);
        StreamExchange exchange = new StreamExchange(request, streamWriter, streamId, clientSettings, streamFlowControl,
                tls(ctx));
        return new SubProtocolResult(true, new ClientStream(ctx, app, request, exchange, streamId, currentStreamState));
    }

    private TlsInfo tls(ConnectionContext ctx) {
        if (!ctx.isSecure()) {
            return null;
        }
        java.net.Socket s = dev.heddle.server.http1.RawSocket.of(ctx.serverSocket());
        return s instanceof javax.net.ssl.SSLSocket ssl ? tlsByConnection.computeIfAbsent(ssl, k -> TlsInfo.of(ssl)) : null;
    }
}
